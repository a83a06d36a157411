using GraphQL.Types;
using TimeBank.Api.Schema;
using TimeBank.GraphQL.Limits;
using TimeBank.GraphQL.Relay;
using TimeBank.Ledger.Reads;

namespace TimeBank.Api.Features.Audit;

/// <summary>
/// <c>reconcile(communityId)</c>: proves the community's books on the spot (<see cref="GroupReconciliation.ReconcileLedgerGroupAsync"/>):
/// its chain, every entry, running balance, account total, hold, limit and period snapshot, in one snapshot of the database.
/// </summary>
public static class ReconcileQuery
{
    /// <summary>At most this many discrepancies are listed; <c>discrepancyCount</c> tells how many there are.</summary>
    public const int MaxDiscrepancies = 100;

    public static void AddReconcile(this ObjectGraphType query) =>
        query.Field<NonNullGraphType<ReconciliationType>>("reconcile")
            .Description("Reconciles the community's ledger now: recomputes its hash chain and proves every entry, balance, hold, limit and closed period. Auditors and coordinators of the community; others get FORBIDDEN (or NOT_FOUND outside it).")
            .Argument<NonNullGraphType<IdGraphType>>("communityId", "The community.", a => a.IdOf<long>("Community"))
            .ResolveAsync(async ctx =>
            {
                var group = await ctx.LedgerGroupForAuditAsync(ctx.GetId<long>("communityId", "Community"), "the reconciliation");
                await using var db = await ctx.CreateDbContextAsync();
                return await db.ReconcileLedgerGroupAsync(group, ctx.CancellationToken);
            });
}

public sealed class ReconciliationType : ObjectGraphType<LedgerGroupReconciliation>
{
    public ReconciliationType()
    {
        Name = "Reconciliation";
        Description = "What reconciling a community's ledger found, what it covered, and the chain head it proved.";
        Field<NonNullGraphType<BooleanGraphType>>("clean").Description("True when nothing was found wrong.")
            .Resolve(ctx => ctx.Source.Discrepancies.Count == 0);
        Field<NonNullGraphType<IntGraphType>>("discrepancyCount").Description("How many discrepancies were found.")
            .Resolve(ctx => ctx.Source.Discrepancies.Count);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<DiscrepancyType>>>>("discrepancies")
            .Description($"What was found wrong, each at the entry, account or record it concerns; the first {ReconcileQuery.MaxDiscrepancies}.")
            .Resolve(ctx => ctx.Source.Discrepancies.Take(ReconcileQuery.MaxDiscrepancies))
            .MaxItems(ReconcileQuery.MaxDiscrepancies);
        Field<NonNullGraphType<LongGraphType>>("entriesChecked").Description("Journal entries checked.").Resolve(ctx => ctx.Source.EntriesChecked);
        Field<NonNullGraphType<LongGraphType>>("postingsChecked").Description("Postings checked.").Resolve(ctx => ctx.Source.PostingsChecked);
        Field<NonNullGraphType<LongGraphType>>("accountsChecked").Description("Accounts checked.").Resolve(ctx => ctx.Source.AccountsChecked);
        Field<NonNullGraphType<LongGraphType>>("holdsChecked").Description("Holds checked.").Resolve(ctx => ctx.Source.HoldsChecked);
        Field<NonNullGraphType<LongGraphType>>("periodClosesChecked").Description("Closed periods whose snapshots were proven.").Resolve(ctx => ctx.Source.PeriodClosesChecked);
        Field<NonNullGraphType<LongGraphType>>("linksChecked").Description("Links of the community's hash chain recomputed.").Resolve(ctx => ctx.Source.LinksChecked);
        Field<ChainHeadType>("chainHead").Description("The community chain's last link as stored; null when the community has no ledger records yet.")
            .Resolve(ctx => ctx.Source.Head);
        Field<NonNullGraphType<IntGraphType>>("durationMs").Description("How long the reconciliation took, in milliseconds.")
            .Resolve(ctx => (int)Math.Min(int.MaxValue, ctx.Source.Duration.TotalMilliseconds));
    }
}

public sealed class DiscrepancyType : ObjectGraphType<LedgerDiscrepancy>
{
    public DiscrepancyType()
    {
        Name = "Discrepancy";
        Description = "One thing reconciliation found wrong.";
        Field<NonNullGraphType<DiscrepancyKindType>>("kind").Description("What kind of discrepancy.").Resolve(ctx => ctx.Source.Kind);
        Field<NonNullGraphType<StringGraphType>>("detail").Description("What was found, in words, with the numbers involved.").Resolve(ctx => ctx.Source.Detail);
        Field<LongGraphType>("entrySequence").Description("The journal entry it concerns (its sequence); null when it concerns no single entry.")
            .Resolve(ctx => ctx.Source.EntrySequence);
        Field<IdGraphType>("entryId").Description("The same entry's global ID (a LedgerEntry); null when it concerns no single entry.")
            .Resolve(ctx => ctx.Source.EntrySequence is { } sequence ? GlobalId.Encode("LedgerEntry", sequence) : null);
        Field<IdGraphType>("accountId").Description("The ledger account it concerns (an Account's global ID); null when it concerns no single account.")
            .Resolve(ctx => ctx.Source.AccountId is { } account ? GlobalId.Encode("Account", account) : null);
        Field<StringGraphType>("recordType").Description("The chained record it concerns: entry, account, limits (a limit change), close (a period close) or hold; null for none.")
            .Resolve(ctx => ctx.Source.RecordType);
        Field<LongGraphType>("recordId").Description("That record's id (an entry's sequence, an account's, limit change's, period close's or hold's id).")
            .Resolve(ctx => ctx.Source.RecordId);
    }
}

public sealed class DiscrepancyKindType : EnumerationGraphType<DiscrepancyKind>
{
    private static readonly Dictionary<DiscrepancyKind, string> Descriptions = new()
    {
        [DiscrepancyKind.EntryUnbalanced] = "An entry whose debits do not equal its credits, or with fewer than two postings or a non-positive amount.",
        [DiscrepancyKind.AccountTotalsMismatch] = "An account's stored debit or credit total differs from the sum of its postings.",
        [DiscrepancyKind.RunningBalanceMismatch] = "A posting's recorded balance-after differs from what the account's postings give.",
        [DiscrepancyKind.LastBalanceMismatch] = "An account's stored balance differs from its last posting's running balance.",
        [DiscrepancyKind.PendingMismatch] = "An account's stored pending minutes differ from its open holds.",
        [DiscrepancyKind.LedgerGroupNotZero] = "The community's accounts do not sum to zero.",
        [DiscrepancyKind.LimitPassed] = "A posting (or an account now) is outside the limits in force.",
        [DiscrepancyKind.ChainBroken] = "The deployment-wide entry hash chain breaks at an entry.",
        [DiscrepancyKind.LinkBroken] = "A link of the community chain does not match its record or the link before it, or a position is missing.",
        [DiscrepancyKind.LinkMissing] = "A record without its chain link, or a link naming a record the community does not have.",
        [DiscrepancyKind.LimitsMismatch] = "An account's current floor or ceiling differs from its chained limit history.",
        [DiscrepancyKind.SnapshotMismatch] = "A closed period's stored balance, digest, last entry or chain head differs from the postings and chain.",
        [DiscrepancyKind.IdempotencyRecordMissing] = "An entry's or hold's idempotency record was deleted, freeing its key for reuse.",
    };

    public DiscrepancyKindType()
    {
        Name = "DiscrepancyKind";
        Description = "What kind of thing reconciliation found wrong.";
        foreach (var value in Values)
        {
            value.Description = Descriptions[(DiscrepancyKind)value.Value!];
        }
    }
}
