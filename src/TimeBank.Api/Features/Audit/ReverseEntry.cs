using FluentValidation;
using GraphQL.Types;
using Microsoft.EntityFrameworkCore;
using TimeBank.Api.Data;
using TimeBank.Api.Data.Entities;
using TimeBank.Api.Events;
using TimeBank.Api.Features.Accounts;
using TimeBank.Api.Features.Members;
using TimeBank.Api.Schema;
using TimeBank.GraphQL.Mutations;
using TimeBank.Ledger.Reads;
using TimeBank.Ledger.Writes;

namespace TimeBank.Api.Features.Audit;

/// <summary>Input of <c>reverseEntry</c>.</summary>
public sealed record ReverseEntryInput(long EntryId, string Reason);

public sealed class ReverseEntryInputValidator : AbstractValidator<ReverseEntryInput>
{
    public ReverseEntryInputValidator() =>
        RuleFor(i => i.Reason).Cascade(CascadeMode.Stop).NotEmpty().MaximumLength(AuditRecord.ReasonLength).Must(TextRules.HasVisibleText)
            .WithMessage("'Reason' must contain visible characters.");
}

public sealed class ReverseEntryInputType : InputObjectGraphType<ReverseEntryInput>
{
    public ReverseEntryInputType()
    {
        Name = "ReverseEntryInput";
        Description = "The entry to correct, and why.";
        this.IdField("entryId", "LedgerEntry", "The entry to reverse.");
        Field(i => i.Reason).Description($"Why it is corrected, up to {AuditRecord.ReasonLength} characters: the reversal's memo and its audit record say it.");
    }
}

public sealed class ReverseEntryPayload : Payload
{
    public long? ReversalSequence { get; init; }
}

public sealed class ReverseEntryPayloadType : PayloadType<ReverseEntryPayload>
{
    public ReverseEntryPayloadType()
    {
        Name = "ReverseEntryPayload";
        Description = "The result of reverseEntry.";
        Field<LedgerEntryType>("reversal").Description("The reversing entry (its `reverses` names the corrected one); null when there are errors.")
            .Resolve(ctx => ctx.Source.ReversalSequence is { } sequence ? ctx.LoadVisibleEntry(sequence) : null);
    }
}

/// <summary>
/// A coordinator corrects an entry by posting its mirror image, dated when the entry counted, so the correction falls in
/// the same period (and is refused once that period is closed). An entry is reversed at most once; nothing is edited: a
/// settled exchange keeps its settlement entry, and the reversal names that entry.
/// </summary>
public static class ReverseEntry
{
    private static readonly ReverseEntryInputValidator Validator = new();

    public static void AddReverseEntry(this ObjectGraphType mutation) =>
        mutation.Mutation<ReverseEntryInputType, ReverseEntryPayloadType>("reverseEntry",
                "Reverses a ledger entry with a reason (coordinators): a mirror entry dated now, in the open period, never an edit. An entry is reversed once; " +
                "the same call again answers as the first, with another reason it is IDEMPOTENCY_CONFLICT.",
                [ErrorCode.Unauthenticated, ErrorCode.Forbidden, ErrorCode.NotFound, ErrorCode.AlreadyReversed, ErrorCode.IdempotencyConflict,
                    ErrorCode.InsufficientCredit, ErrorCode.CeilingReached, ErrorCode.WrongStatus])
            .ResolveAsync(async ctx => await ctx.RunAsync(Validator,
                (input, db) => ExecuteAsync(input, ctx.Caller(), db, ctx.Service<LedgerWriter<TimeBankDbContext>>(), ctx.Service<TimeProvider>(), ctx.CancellationToken),
                sequence => new ReverseEntryPayload { ReversalSequence = sequence }));

    /// <returns>The reversing entry's sequence.</returns>
    public static async Task<Outcome<long>> ExecuteAsync(
        ReverseEntryInput input, Caller caller, TimeBankDbContext db, LedgerWriter<TimeBankDbContext> ledger, TimeProvider clock, CancellationToken ct)
    {
        if (caller.RefuseAnonymous("Log in to reverse an entry.") is { } anonymous)
        {
            return anonymous;
        }
        var sequence = input.EntryId;
        var group = await db.FindEntryGroupAsync(sequence, ct);
        var community = group is null ? null : await db.Communities.AsNoTracking().SingleOrDefaultAsync(c => c.LedgerGroup == group, ct);
        if (community is null)
        {
            return new Failure(ErrorCode.NotFound, "No such entry.", "entryId");
        }
        var roles = await CommunityRoles.LoadAsync(db, community.Id, caller, ct);
        if (!roles.IsCoordinator)
        {
            return roles.Refuse("No such entry.", "entryId", "Only a coordinator of this community reverses its entries.");
        }
        var reason = input.Reason.Trim();
        var accountIds = await db.PostingsOf([sequence]).Select(p => p.AccountId).ToListAsync(ct);
        var owners = await db.Members.AsNoTracking().Where(m => m.AccountId != null && accountIds.Contains(m.AccountId.Value)).ToListAsync(ct);

        var result = await PreparedStatements.SubmitAsync(ledger, new TimeBank.Ledger.Writes.ReverseEntry(sequence)
        {
            IdempotencyKey = LedgerVocabulary.ReversalKey(sequence),
            ActorId = caller.LedgerActor,
            Cause = LedgerVocabulary.ReversalCause(sequence),
            Memo = reason,
            // Dated now, in the open period: a mistake found after its period closed is still corrected, and the closed
            // period's snapshot stays true. The reversal's link to the original says which entry it corrects.
        }, (statements, written) =>
        {
            AuditTrail.OnLedgerWriter(statements, clock).Add(
                new AuditAct(AuditActions.EntryReverse, community.Id, AuditActions.Subjects.Entry, sequence)
                {
                    Reason = reason,
                    After = new { reversedBy = written.EntrySequence },
                },
                caller.UserId!.Value);
            BalanceChanged.Tell(OutboxWriter.OnLedgerWriter(statements, clock), written, owners);
            return Task.CompletedTask;
        }, clock, ct);
        return result switch
        {
            { Succeeded: true } => result.EntrySequence!.Value,
            { Status: LedgerStatus.IdempotencyConflict } => await RepeatAsync(db, sequence, reason, ct),
            { Status: LedgerStatus.AlreadyReversed } => new Failure(ErrorCode.AlreadyReversed, "This entry was already reversed.", "entryId"),
            { Status: LedgerStatus.EntryNotFound } => new Failure(ErrorCode.NotFound, "No such entry.", "entryId"),
            { Status: LedgerStatus.ExceedsFloor } => new Failure(ErrorCode.InsufficientCredit, "Reversing it would take an account below its floor."),
            { Status: LedgerStatus.ExceedsCeiling } => new Failure(ErrorCode.CeilingReached, "Reversing it would take an account above its ceiling."),
            { Status: LedgerStatus.AccountClosed } => new Failure(ErrorCode.WrongStatus, "An account of this entry is closed."),
            _ => throw new InvalidOperationException($"Reversing entry {sequence}: the ledger said {result.Status}."),
        };
    }

    /// <summary>
    /// The entry's reversal key was used with other content: by another coordinator, or with another reason. The same
    /// reason is the same correction, answered with the reversal made; another reason was not applied.
    /// </summary>
    private static async Task<Outcome<long>> RepeatAsync(TimeBankDbContext db, long sequence, string reason, CancellationToken ct)
    {
        var made = await db.AuditRecords.AsNoTracking()
            .Where(r => r.Action == AuditActions.EntryReverse && r.SubjectType == AuditActions.Subjects.Entry && r.SubjectId == sequence)
            .Select(r => r.Reason).FirstOrDefaultAsync(ct);
        var reversal = (await db.FindReversalsAsync([sequence], ct)).GetValueOrDefault(sequence);
        return made == reason && reversal > 0
            ? reversal
            : new Failure(ErrorCode.IdempotencyConflict, "This entry was already reversed for another reason.", "reason");
    }
}
