using FluentValidation;
using GraphQL.Types;
using Microsoft.EntityFrameworkCore;
using TimeBank.Api.Data;
using TimeBank.Api.Data.Entities;
using TimeBank.Api.Events;
using TimeBank.Api.Features.Audit;
using TimeBank.Api.Schema;

namespace TimeBank.Api.Features.Challenges.Contributions;

/// <summary>Input of <c>rejectContribution</c>.</summary>
public sealed record RejectContributionInput(long ContributionId, string Reason);

public sealed class RejectContributionInputValidator : AbstractValidator<RejectContributionInput>
{
    public RejectContributionInputValidator() => RuleFor(i => i.Reason).NotEmpty().Must(r => !string.IsNullOrWhiteSpace(r)).MaximumLength(1000);
}

public sealed class RejectContributionInputType : InputObjectGraphType<RejectContributionInput>
{
    public RejectContributionInputType()
    {
        Name = "RejectContributionInput";
        Description = "The contribution you reject, and why.";
        this.IdField("contributionId", "Contribution", "A LOGGED contribution to a challenge you lead or coordinate, neither done nor logged by you.");
        Field(i => i.Reason).Description("Why, for the contributor to read; 1 to 1000 characters.");
    }
}

/// <summary>The lead or a coordinator rejects a logged contribution with a reason; nothing is paid.</summary>
public static class RejectContribution
{
    private static readonly RejectContributionInputValidator Validator = new();

    public static void AddRejectContribution(this ObjectGraphType mutation) =>
        mutation.Mutation<RejectContributionInputType, ContributionPayloadType>("rejectContribution",
                "Reject a LOGGED contribution with a reason; nothing is paid. Sent again with the same reason it answers as the first time; " +
                "with another reason it is IDEMPOTENCY_CONFLICT, and after a verification WRONG_STATUS.",
                [ErrorCode.Unauthenticated, ErrorCode.Forbidden, ErrorCode.NotFound, ErrorCode.WrongStatus, ErrorCode.IdempotencyConflict])
            .ResolveAsync(async ctx => await ctx.RunAsync(Validator,
                (input, db) => ExecuteAsync(input, ctx.Caller(), db, ctx.Service<TimeProvider>(), ctx.CancellationToken),
                contribution => new ContributionPayload { Contribution = contribution }));

    public static async Task<Outcome<ChallengeContribution>> ExecuteAsync(
        RejectContributionInput input, Caller caller, TimeBankDbContext db, TimeProvider clock, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(input);
        var reason = input.Reason.Trim();
        for (var attempt = 0; ; attempt++)
        {
            var loaded = await ContributionDecision.LoadAsync(db, caller, input.ContributionId, "reject", ct);
            if (loaded.Value is not { } found)
            {
                return new Failure(loaded.Code!.Value, loaded.Message!, loaded.Field);
            }
            var contribution = found.Contribution;
            if (Judge(contribution, reason) is { } answer)
            {
                return answer;
            }
            if (ContributionDecision.RefuseUndecidable(found.Challenge, "rejected") is { } undecidable)
            {
                return undecidable;
            }
            db.ChallengeContributions.Attach(contribution);
            (contribution.Status, contribution.DecisionReason) = (ContributionStatus.Rejected, reason);
            (contribution.DecidedByUserId, contribution.DecidedAt, contribution.Version) = (caller.UserId, clock.GetUtcNow().UtcDateTime, contribution.Version + 1);
            ChallengeEvents.TellUpdated(OutboxWriter.For(db, clock), found.Challenge.Id, ChallengeChange.Contribution);
            AuditTrail.For(db, clock).Add(ContributionDecision.Audit(found, AuditActions.ContributionReject, reason), caller.UserId!.Value);
            try
            {
                await db.SaveChangesAsync(ct);
                return contribution;
            }
            catch (DbUpdateConcurrencyException) when (attempt < 3)
            {
                // Decided by someone else meanwhile: judged again against that decision.
                db.ChangeTracker.Clear();
            }
        }
    }

    /// <summary>A contribution already decided: rejected for this reason is this step made before; anything else is refused.</summary>
    private static Outcome<ChallengeContribution>? Judge(ChallengeContribution contribution, string reason) => contribution.Status switch
    {
        ContributionStatus.Logged => null,
        ContributionStatus.Rejected when contribution.DecisionReason == reason => contribution,
        ContributionStatus.Rejected => new Failure(ErrorCode.IdempotencyConflict,
            "This contribution is already REJECTED with another reason; sent again, a rejection must give the same reason."),
        _ => ContributionDecision.AlreadyDecided(contribution, "reject"),
    };
}
