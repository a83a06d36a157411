using System.Globalization;
using GraphQL;
using GraphQL.DataLoader;
using GraphQL.Types;
using Microsoft.EntityFrameworkCore;
using TimeBank.Api.Data;
using TimeBank.Api.Data.Entities;
using TimeBank.Api.Features.Accounts;
using TimeBank.Api.Features.Exchanges;
using TimeBank.Api.Features.Members;
using TimeBank.Api.Schema;
using TimeBank.GraphQL.DataLoader;
using TimeBank.GraphQL.Limits;
using TimeBank.GraphQL.Relay;
using TimeBank.Ledger.Model;

namespace TimeBank.Api.Features.Audit;

/// <summary>
/// The <c>LedgerEntry</c> type: one immutable journal entry as an auditor reads it, with its postings, who made it and
/// for whom, why, and its reversal links. Global id <c>LedgerEntry:&lt;sequence&gt;</c>.
/// </summary>
public sealed class LedgerEntryType : ObjectGraphType<AuditedEntry>
{
    public LedgerEntryType(IDbContextFactory<TimeBankDbContext> contexts)
    {
        Name = "LedgerEntry";
        Description = "One immutable entry of a community's ledger: postings whose debits equal their credits. Corrected only by a reversal, never edited.";
        this.IsNode(e => e.Entry.Sequence, context => contexts.VisibleEntries(context.Caller()));
        Field<NonNullGraphType<LongGraphType>>("sequence").Description("The entry's number in the ledger's gapless journal (the exports use it too).")
            .Resolve(ctx => ctx.Source.Entry.Sequence);
        Field<NonNullGraphType<EntryKindType>>("kind").Description("Why the minutes moved.").Resolve(ctx => ctx.Source.Entry.Kind);
        Field<StringGraphType>("memo").Description("What the entry says about itself; null when none or erased.").Resolve(ctx => ctx.Source.Entry.Memo);
        Field<NonNullGraphType<DateTimeGraphType>>("effectiveAt").Description("When the movement counts from (UTC).")
            .Resolve(ctx => ctx.Source.Entry.EffectiveAt.UtcDateTime);
        Field<NonNullGraphType<DateTimeGraphType>>("recordedAt").Description("When the ledger recorded it (UTC); balances as of a time cut here.")
            .Resolve(ctx => ctx.Source.Entry.RecordedAt.UtcDateTime);
        Field<NonNullGraphType<StringGraphType>>("actor").Description("Who made the entry, as the ledger records it: `user:<id>` or `system`.")
            .Resolve(ctx => ctx.Source.Entry.ActorId);
        Field<MemberType>("actorMember").Description("The actor's membership in this community, when the actor is a user who has one.")
            .Resolve(ctx => UserOf(ctx.Source.Entry.ActorId) is { } userId
                ? ctx.LoadMembership(userId, ctx.Source.CommunityId)
                : DataLoaderResults.FromValue<Member?>(null));
        Field<NonNullGraphType<StringGraphType>>("principal")
            .Description("On whose behalf, as the ledger records it: `member:<id>`, or the actor itself (`user:<id>`, `system`). Differs from the actor when someone acted for another.")
            .Resolve(ctx => ctx.Source.Entry.PrincipalId);
        Field<MemberType>("principalMember").Description("The member the principal names (or the principal user's membership in this community); null otherwise.")
            .Resolve(ctx => Principal(ctx));
        Field<IntGraphType>("policyVersion").Description("The community policy version that applied.").Resolve(ctx => ctx.Source.Entry.PolicyVersion);
        Field<NonNullGraphType<StringGraphType>>("idempotencyKey").Description("The key the write was made with; a retry with the same key made nothing new.")
            .Resolve(ctx => ctx.Source.Entry.IdempotencyKey);
        Field<EntryCauseType>("cause").Description("What the entry was written for; null when the write named nothing.")
            .Resolve(ctx => ctx.Source.Entry.CauseType is null ? null : ctx.Source);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<PostingType>>>>("postings").Description("The entry's postings, in order.")
            .Resolve(ctx => ctx.LoadPostings(ctx.Source.Entry.Sequence))
            .MaxItems(ListBounds.PostingsPerEntry);
        Field<StringGraphType>("hash")
            .Description("The entry's link in the community's hash chain: SHA-256 of the previous hash and the entry's canonical text, lowercase hex (docs/ledger.md). Null only for an entry without a link, which reconcile reports.")
            .Resolve(ctx => ctx.LoadEntryLink(ctx.Source.Entry.Sequence).Then(link => link?.Hash));
        Field<StringGraphType>("previousHash").Description("The hash of the link before this entry's in the community's chain (64 zeros for the first).")
            .Resolve(ctx => ctx.LoadEntryLink(ctx.Source.Entry.Sequence).Then(link => link?.PreviousHash));
        Field<LongGraphType>("chainPosition").Description("The position of the entry's link in the community's chain (1, 2, 3, ... over entries, accounts, limit changes and closes).")
            .Resolve(ctx => ctx.LoadEntryLink(ctx.Source.Entry.Sequence).Then(link => link?.Position));
        Field<LedgerEntryType>("reverses").Description("For a REVERSAL, the entry it undoes.")
            .Resolve(ctx => ctx.Source.Entry.ReversesSequence is { } reversed
                ? ctx.LoadVisibleEntry(reversed)
                : DataLoaderResults.FromValue<AuditedEntry?>(null));
        Field<LedgerEntryType>("reversedBy").Description("The entry that reverses this one, if it was reversed (at most once).")
            .Resolve(ctx => ctx.LoadReversalOf(ctx.Source.Entry.Sequence)
                .Then(reversal => reversal is { } sequence ? ctx.LoadVisibleEntry(sequence) : DataLoaderResults.FromValue<AuditedEntry?>(null)));
    }

    /// <summary>The user id of a <c>user:&lt;id&gt;</c> ledger string (LedgerVocabulary.Actor).</summary>
    internal static long? UserOf(string ledgerName) => IdAfter(ledgerName, "user:");

    private static IDataLoaderResult<Member?> Principal(IResolveFieldContext<AuditedEntry> ctx) =>
        IdAfter(ctx.Source.Entry.PrincipalId, "member:") is { } memberId
            ? ctx.LoadMember(memberId).Then(m => m?.CommunityId == ctx.Source.CommunityId ? m : null)
            : UserOf(ctx.Source.Entry.PrincipalId) is { } userId
                ? ctx.LoadMembership(userId, ctx.Source.CommunityId)
                : DataLoaderResults.FromValue<Member?>(null);

    private static long? IdAfter(string ledgerName, string prefix) =>
        ledgerName.StartsWith(prefix, StringComparison.Ordinal)
        && long.TryParse(ledgerName.AsSpan(prefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : null;
}

/// <summary>The <c>Posting</c> type: one leg of an entry.</summary>
public sealed class PostingType : ObjectGraphType<LedgerPosting>
{
    public PostingType()
    {
        Name = "Posting";
        Description = "One leg of a ledger entry: minutes debited or credited to one account, and that account's balance right after.";
        Field<NonNullGraphType<IntGraphType>>("index").Description("The posting's place in its entry, from 0.").Resolve(ctx => ctx.Source.Index);
        Field<NonNullGraphType<IdGraphType>>("accountId").Description("The account's ID.").Resolve(ctx => GlobalId.Encode("Account", ctx.Source.AccountId));
        Field<AccountType>("account").Description("The account; null to a member for any account but their own.")
            .Resolve(ctx => ctx.LoadVisibleAccount(ctx.Source.AccountId));
        Field<NonNullGraphType<PostingSideType>>("side").Description("DEBIT (out of the account) or CREDIT (into it).").Resolve(ctx => ctx.Source.Side);
        Field<NonNullGraphType<IntGraphType>>("minutes").Description("How many minutes, always positive; the side says which way.")
            .Resolve(ctx => checked((int)ctx.Source.AmountMinutes));
        Field<IntGraphType>("balanceAfterMinutes").Description("The account's balance right after this entry; null to a member for any account but their own.")
            .Resolve(ctx => ctx.LoadVisibleAccount(ctx.Source.AccountId)
                .Then(account => account is null ? (int?)null : checked((int)ctx.Source.BalanceAfterMinutes)));
    }
}

/// <summary>The <c>EntryCause</c> type: what an entry was written for.</summary>
public sealed class EntryCauseType : ObjectGraphType<AuditedEntry>
{
    public EntryCauseType()
    {
        Name = "EntryCause";
        Description = "What a ledger entry was written for, as the ledger records it, and the exchange when it is one.";
        Field<NonNullGraphType<StringGraphType>>("type").Description("e.g. `exchange`, `member`.").Resolve(ctx => ctx.Source.Entry.CauseType);
        Field<StringGraphType>("id").Description("The id within the type, as recorded (an exchange's number, `record:<key>` for a recorded exchange).")
            .Resolve(ctx => ctx.Source.Entry.CauseId);
        Field<ExchangeType>("exchange").Description("The exchange, when the cause is one.")
            .Resolve(ctx => ctx.Source.Entry.CauseType is LedgerVocabulary.ExchangeCauseType or LedgerVocabulary.RecordedExchangeCauseTypeBefore
                ? long.TryParse(ctx.Source.Entry.CauseId, NumberStyles.None, CultureInfo.InvariantCulture, out var exchangeId)
                    ? ctx.LoadExchange(exchangeId)
                    : ctx.LoadExchangeSettledBy(ctx.Source.Entry.Sequence)
                : DataLoaderResults.FromValue<Exchange?>(null));
    }
}
