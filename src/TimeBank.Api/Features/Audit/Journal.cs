using GraphQL;
using GraphQL.Types;
using Microsoft.EntityFrameworkCore;
using TimeBank.Api.Schema;
using TimeBank.GraphQL.Connections;
using TimeBank.GraphQL.Relay;
using TimeBank.Ledger.Model;
using TimeBank.Ledger.Reads;

namespace TimeBank.Api.Features.Audit;

/// <summary>The filter of <c>journal</c>, as the client sends it; every given criterion must hold.</summary>
public sealed record JournalFilterInput(
    IReadOnlyList<EntryKind>? Kinds = null, long? AccountId = null, long? FromSequence = null, long? ToSequence = null,
    DateTime? RecordedFrom = null, DateTime? RecordedTo = null)
{
    public JournalFilter ToLedger() => new()
    {
        Kinds = Kinds,
        AccountId = AccountId,
        FromSequence = FromSequence,
        ToSequence = ToSequence,
        RecordedFrom = RecordedFrom is { } from ? new DateTimeOffset(from, TimeSpan.Zero) : null,
        RecordedTo = RecordedTo is { } to ? new DateTimeOffset(to, TimeSpan.Zero) : null,
    };
}

public sealed class JournalFilterType : InputObjectGraphType<JournalFilterInput>
{
    public JournalFilterType()
    {
        Name = "JournalFilter";
        Description = "Narrows a journal; every given criterion must hold. Bounds are inclusive.";
        Field<ListGraphType<NonNullGraphType<EntryKindType>>>("kinds").Description("Entries of these kinds only; every kind when omitted or empty.");
        this.IdFieldOptional("accountId", "Account", "Entries that post to this account only.");
        Field<LongGraphType>("fromSequence").Description("Entries numbered from this one.");
        Field<LongGraphType>("toSequence").Description("Entries numbered up to this one.");
        Field<DateTimeGraphType>("recordedFrom").Description("Entries recorded at or after this time.");
        Field<DateTimeGraphType>("recordedTo").Description("Entries recorded at or before this time.");
    }
}

/// <summary>Which way a journal reads.</summary>
public enum JournalOrder
{
    NewestFirst,
    OldestFirst,
}

public sealed class JournalOrderType : EnumerationGraphType<JournalOrder>
{
    public JournalOrderType()
    {
        Name = "JournalOrder";
        Description = "Which way a journal reads.";
        Values.Single(v => Equals(v.Value, JournalOrder.NewestFirst)).Description = "The latest entry first.";
        Values.Single(v => Equals(v.Value, JournalOrder.OldestFirst)).Description = "The first entry first, as the chain runs.";
    }
}

/// <summary>
/// <c>journal(communityId, filter, order)</c>: the community ledger's entries (the ledger's
/// <see cref="JournalQuery.JournalEntries"/>), keyset-paged on the sequence; postings, accounts and links are read per
/// page by loaders, so a page costs the same statements whatever its length. Auditors and coordinators.
/// </summary>
public static class Journal
{
    private static readonly KeysetOrder<LedgerEntry> NewestFirst = new KeysetOrder<LedgerEntry>().By(e => e.Sequence, descending: true);
    private static readonly KeysetOrder<LedgerEntry> OldestFirst = new KeysetOrder<LedgerEntry>().By(e => e.Sequence);

    public static void AddJournalQuery(this ObjectGraphType query) =>
        query.Field<NonNullGraphType<ConnectionType<LedgerEntryType>>>("journal")
            .Description("The community ledger's entries with their postings, newest first by default. For the community's auditors and coordinators.")
            .Argument<NonNullGraphType<IdGraphType>>("communityId", "The community.", a => a.IdOf<long>("Community"))
            .Argument<JournalFilterType>("filter", "Narrows the journal.")
            .Argument<JournalOrderType>("order", "NEWEST_FIRST (the default) or OLDEST_FIRST.")
            .PageArguments()
            .ResolveAsync(async ctx =>
            {
                var order = ctx.GetArgument<JournalOrder?>("order") == JournalOrder.OldestFirst ? OldestFirst : NewestFirst;
                // Paging arguments are judged first, as on every connection, whoever asks.
                await Array.Empty<LedgerEntry>().ToConnectionAsync(order, ctx.GetPageRequest());
                await using var db = await ctx.CreateDbContextAsync();
                var community = await ctx.CommunityLedgerAsync(db, ctx.GetId<long>("communityId", "Community"));
                var filter = ctx.GetArgument<JournalFilterInput?>("filter") ?? new JournalFilterInput();
                var page = await db.JournalEntries(community.LedgerGroup, filter.ToLedger())
                    .ToConnectionAsync(order, ctx.GetPageRequest(), ctx.CancellationToken, (q, ct) => q.CountAsync(ct));
                return new Connection<AuditedEntry>(
                    [.. page.Edges.Select(e => new Edge<AuditedEntry>(e.Cursor, new AuditedEntry(e.Node, community.Id)))], page.PageInfo, page.TotalCount);
            });
}
