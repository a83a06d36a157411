using FluentValidation;
using GraphQL.Types;
using Microsoft.EntityFrameworkCore;
using TimeBank.Api.Data;
using TimeBank.Api.Features.Members;
using TimeBank.Api.Schema;
using TimeBank.GraphQL.Mutations;
using TimeBank.Ledger.Model;
using TimeBank.Ledger.Writes;

namespace TimeBank.Api.Features.Audit;

/// <summary>Input of <c>closePeriod</c>.</summary>
public sealed record ClosePeriodInput(long CommunityId, DateTime EndsAt);

public sealed class ClosePeriodInputValidator : AbstractValidator<ClosePeriodInput>
{
    public ClosePeriodInputValidator() => RuleFor(i => i.CommunityId).GreaterThan(0);
}

public sealed class ClosePeriodInputType : InputObjectGraphType<ClosePeriodInput>
{
    public ClosePeriodInputType()
    {
        Name = "ClosePeriodInput";
        Description = "The community whose books close, and up to when.";
        this.IdField("communityId", "Community", "The community.");
        Field<NonNullGraphType<DateTimeGraphType>>("endsAt").Description("The end of the period (inclusive): not in the future, and later than the last close's end.");
    }
}

public sealed class ClosePeriodPayload : Payload
{
    public LedgerPeriodClose? PeriodClose { get; init; }
}

public sealed class ClosePeriodPayloadType : PayloadType<ClosePeriodPayload>
{
    public ClosePeriodPayloadType()
    {
        Name = "ClosePeriodPayload";
        Description = "The result of closePeriod.";
        Field<PeriodCloseType>("periodClose").Description("The close as stored; null when there are errors.").Resolve(ctx => ctx.Source.PeriodClose);
    }
}

/// <summary>
/// A coordinator closes the community's books up to a time: the ledger stores every account's balance then, with the
/// chain's head, for good, and refuses entries dated inside the period from then on.
/// </summary>
public static class ClosePeriod
{
    private static readonly ClosePeriodInputValidator Validator = new();

    public static void AddClosePeriod(this ObjectGraphType mutation) =>
        mutation.Mutation<ClosePeriodInputType, ClosePeriodPayloadType>("closePeriod",
                "Closes the community's books up to a time (coordinators): every account's balance then is kept with the chain head, and nothing dated " +
                "inside the period may be written any more. Closing at the same time again returns the close; at or before a closed time, PERIOD_CLOSED.",
                [ErrorCode.Unauthenticated, ErrorCode.Forbidden, ErrorCode.NotFound, ErrorCode.InvalidInput, ErrorCode.PeriodClosed])
            .ResolveAsync(async ctx => await ctx.RunAsync(Validator,
                (input, db) => ExecuteAsync(input, ctx.Caller(), db, ctx.Service<LedgerWriter<TimeBankDbContext>>(), ctx.Service<TimeProvider>(), ctx.CancellationToken),
                close => new ClosePeriodPayload { PeriodClose = close }));

    public static async Task<Outcome<LedgerPeriodClose>> ExecuteAsync(
        ClosePeriodInput input, Caller caller, TimeBankDbContext db, LedgerWriter<TimeBankDbContext> ledger, TimeProvider clock, CancellationToken ct)
    {
        if (caller.RefuseAnonymous("Log in to close a period.") is { } anonymous)
        {
            return anonymous;
        }
        var community = await db.Communities.AsNoTracking().SingleOrDefaultAsync(c => c.Id == input.CommunityId, ct);
        if (community is null)
        {
            return new Failure(ErrorCode.NotFound, "No such community.", "communityId");
        }
        var roles = await CommunityRoles.LoadAsync(db, community.Id, caller, ct);
        if (!roles.IsCoordinator)
        {
            return roles.Refuse("No such community.", "communityId", "Only a coordinator of this community closes its books.");
        }
        // The ledger keeps milliseconds: the close is found again by the time it stored.
        var endsAt = DateTimeOffset.FromUnixTimeMilliseconds(new DateTimeOffset(input.EndsAt.ToUniversalTime()).ToUnixTimeMilliseconds());
        var result = await PreparedStatements.SubmitAsync(ledger, new TimeBank.Ledger.Writes.ClosePeriod(community.LedgerGroup, endsAt)
        {
            IdempotencyKey = LedgerVocabulary.PeriodCloseKey(community.Id, endsAt),
            ActorId = caller.LedgerActor,
            Cause = LedgerVocabulary.PeriodCloseCause(community.Id),
        }, (statements, written) =>
        {
            AuditTrail.OnLedgerWriter(statements, clock).Add(
                new AuditAct(AuditActions.PeriodClose, community.Id, AuditActions.Subjects.Period, written.PeriodCloseId!.Value)
                {
                    After = new { endsAt = endsAt.UtcDateTime },
                },
                caller.UserId!.Value);
            return Task.CompletedTask;
        }, clock, ct);
        if (result.Succeeded || result.Status is LedgerStatus.IdempotencyConflict or LedgerStatus.InvalidPeriod)
        {
            // A replay, another coordinator's close at the same time (the same close), or a time already closed.
            var close = await db.Set<LedgerPeriodClose>().AsNoTracking()
                .Where(c => c.LedgerGroup == community.LedgerGroup && c.EndsAt == endsAt).SingleOrDefaultAsync(ct);
            if (close is not null)
            {
                return close;
            }
        }
        return result.Status switch
        {
            LedgerStatus.InvalidPeriod when endsAt > clock.GetUtcNow() => new Failure(ErrorCode.InvalidInput, "A period cannot end in the future.", "endsAt"),
            LedgerStatus.InvalidPeriod => new Failure(ErrorCode.PeriodClosed, "The books are already closed at or after this time.", "endsAt"),
            _ => throw new InvalidOperationException($"Closing the books of community {community.Id}: the ledger said {result.Status}."),
        };
    }
}
