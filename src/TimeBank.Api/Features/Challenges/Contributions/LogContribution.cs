using FluentValidation;
using GraphQL.Types;
using Microsoft.EntityFrameworkCore;
using TimeBank.Api.Data;
using TimeBank.Api.Data.Entities;
using TimeBank.Api.Events;
using TimeBank.Api.Schema;
using TimeBank.Ledger.Writes;

namespace TimeBank.Api.Features.Challenges.Contributions;

/// <summary>Input of <c>logContribution</c>.</summary>
public sealed record LogContributionInput(
    long ChallengeId, long CategoryId, int Minutes, string? Note = null, long? OnBehalfOfMemberId = null, string? IdempotencyKey = null);

public sealed class LogContributionInputValidator : AbstractValidator<LogContributionInput>
{
    public LogContributionInputValidator()
    {
        RuleFor(i => i.Minutes).InclusiveBetween(1, LogContribution.MaxMinutes);
        RuleFor(i => i.Note).MaximumLength(1000);
        RuleFor(i => i.IdempotencyKey).NotEmpty().MaximumLength(100).When(i => i.IdempotencyKey is not null);
    }
}

public sealed class LogContributionInputType : InputObjectGraphType<LogContributionInput>
{
    public LogContributionInputType()
    {
        Name = "LogContributionInput";
        Description = "Minutes you worked on a challenge, for its lead or a coordinator to verify.";
        this.IdField("challengeId", "Challenge", "An OPEN or ACHIEVED challenge of your community.");
        this.IdField("categoryId", "Category", "One of the categories the challenge needs: the kind of work done.");
        Field(i => i.Minutes).Description($"The minutes worked, 1 to {LogContribution.MaxMinutes}.");
        Field(i => i.Note, nullable: true).Description("What was done, up to 1000 characters.");
        this.IdFieldOptional("onBehalfOfMemberId", "Member", "A coordinator logs work this active member did; yourself by default.");
        Field(i => i.IdempotencyKey, nullable: true).Description(
            "A key of your choosing, up to 100 characters, so a retry cannot log twice: the same key again returns the contribution it " +
            "logged; the same key with other content is refused with IDEMPOTENCY_CONFLICT. Without one, every call logs.");
    }
}

/// <summary>
/// A member (or a coordinator for them) logs minutes worked on a challenge that is OPEN or ACHIEVED: work done before
/// the goal was met is often logged after it, and the pool pays until the challenge closes. The contribution waits,
/// LOGGED, for the lead or a coordinator.
/// </summary>
public static class LogContribution
{
    /// <summary>One day: a longer effort is logged day by day, each for its own verification.</summary>
    public const int MaxMinutes = 1440;

    private static readonly LogContributionInputValidator Validator = new();

    public static void AddLogContribution(this ObjectGraphType mutation) =>
        mutation.Mutation<LogContributionInputType, ContributionPayloadType>("logContribution",
                "Log minutes worked on an OPEN or ACHIEVED challenge; the lead or a coordinator verifies (and the pool pays) or rejects them.",
                [ErrorCode.Unauthenticated, ErrorCode.Forbidden, ErrorCode.NotFound, ErrorCode.WrongStatus, ErrorCode.IdempotencyConflict])
            .ResolveAsync(async ctx => await ctx.RunAsync(Validator,
                (input, db) => ExecuteAsync(input, ctx.Caller(), db, ctx.Service<TimeProvider>(), ctx.CancellationToken),
                contribution => new ContributionPayload { Contribution = contribution }));

    public static async Task<Outcome<ChallengeContribution>> ExecuteAsync(
        LogContributionInput input, Caller caller, TimeBankDbContext db, TimeProvider clock, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(input);
        var loaded = await ChallengeParticipation.LoadAsync(db, caller, input.ChallengeId, input.OnBehalfOfMemberId, "Log in to log a contribution.", ct);
        if (loaded.Value is not { } participant)
        {
            return new Failure(loaded.Code!.Value, loaded.Message!, loaded.Field);
        }
        var contribution = new ChallengeContribution
        {
            ChallengeId = participant.Challenge.Id,
            ContributorMemberId = participant.Member.Id,
            CategoryId = input.CategoryId,
            Minutes = input.Minutes,
            Note = ChallengeParticipation.Recorded(input.Note),
            Status = ContributionStatus.Logged,
            LoggedByUserId = participant.ActorUserId,
            // The client's words only as a digest, scoped to the user who sends them.
            RetryKey = input.IdempotencyKey is { } key ? IdempotencyKeys.Digest(key) : null,
            CreatedAt = clock.GetUtcNow().UtcDateTime,
        };
        // A retry answers as the first log did, whatever happened to the challenge since.
        if (await FirstLogAsync(db, contribution, ct) is { } first)
        {
            return first;
        }
        if (participant.Challenge.Status is not (ChallengeStatus.Open or ChallengeStatus.Achieved))
        {
            return NotLoggable(participant.Challenge.Status);
        }
        if (await ChallengeParticipation.RefuseUnneededAsync(db, participant.Challenge.Id, input.CategoryId, ct) is { } unneeded)
        {
            return unneeded;
        }
        db.ChallengeContributions.Add(contribution);
        ChallengeEvents.TellUpdated(OutboxWriter.For(db, clock), participant.Challenge.Id, ChallengeChange.Contribution);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException ex) when (ex.IsUniqueViolation() && contribution.RetryKey is not null)
        {
            // Two calls with one key raced: the first one's row stands, and this call is its retry.
            await transaction.RollbackAsync(ct);
            db.ChangeTracker.Clear();
            return (await FirstLogAsync(db, contribution, ct))!.Value;
        }
        // Read again under the write lock the row took: a closing that came after the check above is seen now, and the
        // row goes, so no contribution waits LOGGED on a closed challenge (the closing counts them in its own transaction).
        var status = await db.Challenges.Where(c => c.Id == participant.Challenge.Id).Select(c => c.Status).SingleAsync(ct);
        if (status is not (ChallengeStatus.Open or ChallengeStatus.Achieved))
        {
            await transaction.RollbackAsync(ct);
            db.ChangeTracker.Clear();
            return NotLoggable(status);
        }
        await transaction.CommitAsync(ct);
        return contribution;
    }

    private static Failure NotLoggable(ChallengeStatus status) => new(ErrorCode.WrongStatus,
        $"Work is logged while a challenge is OPEN or ACHIEVED; this one is {ChallengeParticipation.Upper(status)}.");

    /// <summary>
    /// The contribution logged earlier with the same retry key, if any: itself when it asked the same, otherwise
    /// IDEMPOTENCY_CONFLICT; null when the key is new or there is none.
    /// </summary>
    private static async Task<Outcome<ChallengeContribution>?> FirstLogAsync(TimeBankDbContext db, ChallengeContribution asked, CancellationToken ct)
    {
        if (asked.RetryKey is null)
        {
            return null;
        }
        var first = await db.ChallengeContributions.AsNoTracking()
            .SingleOrDefaultAsync(c => c.LoggedByUserId == asked.LoggedByUserId && c.RetryKey == asked.RetryKey, ct);
        if (first is null)
        {
            return null;
        }
        var same = first.ChallengeId == asked.ChallengeId && first.ContributorMemberId == asked.ContributorMemberId
            && first.CategoryId == asked.CategoryId && first.Minutes == asked.Minutes && first.Note == asked.Note;
        return same
            ? first
            : new Failure(ErrorCode.IdempotencyConflict, "This idempotency key was already used to log another contribution.", "idempotencyKey");
    }
}
