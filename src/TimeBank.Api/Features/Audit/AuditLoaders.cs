using GraphQL;
using GraphQL.DataLoader;
using Microsoft.EntityFrameworkCore;
using TimeBank.Api.Data;
using TimeBank.Api.Data.Entities;
using TimeBank.Api.Schema;
using TimeBank.GraphQL.DataLoader;
using TimeBank.Ledger.Model;
using TimeBank.Ledger.Reads;

namespace TimeBank.Api.Features.Audit;

/// <summary>
/// What the auditor's types resolve per parent, each one batch per request (so a journal page costs the same number of
/// statements whatever its length). The visible-* loaders apply <see cref="AuditAccess"/>: what the caller may not read
/// resolves to null.
/// </summary>
public static class AuditLoaders
{
    public static IDataLoaderResult<LedgerAccount?> LoadVisibleAccount(this IResolveFieldContext context, long accountId) =>
        context.DataLoaders()
            .GetOrAddBatchLoader("visible-accounts", context.Service<IDbContextFactory<TimeBankDbContext>>().VisibleAccounts(context.Caller()))
            .LoadAsync(accountId);

    public static IDataLoaderResult<AuditedEntry?> LoadVisibleEntry(this IResolveFieldContext context, long sequence) =>
        context.DataLoaders()
            .GetOrAddBatchLoader("visible-entries", context.Service<IDbContextFactory<TimeBankDbContext>>().VisibleEntries(context.Caller()))
            .LoadAsync(sequence);

    /// <summary>An entry's postings in index order.</summary>
    public static IDataLoaderResult<IEnumerable<LedgerPosting>> LoadPostings(this IResolveFieldContext context, long sequence) =>
        context.DataLoaders()
            .GetOrAddGroupLoader<long, LedgerPosting>("entry-postings", async (sequences, ct) =>
            {
                await using var db = await context.CreateDbContextAsync();
                var postings = await db.PostingsOf([.. sequences]).OrderBy(p => p.EntrySequence).ThenBy(p => p.Index).ToListAsync(ct);
                return postings.ToLookup(p => p.EntrySequence);
            })
            .LoadAsync(sequence);

    /// <summary>The sequence of the entry that reverses this one, if any.</summary>
    public static IDataLoaderResult<long?> LoadReversalOf(this IResolveFieldContext context, long sequence) =>
        context.DataLoaders()
            .GetOrAddBatchLoader<long, long?>("entry-reversals", async (sequences, ct) =>
            {
                await using var db = await context.CreateDbContextAsync();
                var reversals = await db.FindReversalsAsync([.. sequences], ct);
                return reversals.ToDictionary(r => r.Key, r => (long?)r.Value);
            })
            .LoadAsync(sequence);

    public static IDataLoaderResult<Member?> LoadMember(this IResolveFieldContext context, long memberId) =>
        context.DataLoaders()
            .GetOrAddBatchLoader<long, Member>("members-by-id", async (ids, ct) =>
            {
                await using var db = await context.CreateDbContextAsync();
                return await db.Members.AsNoTracking().Include(m => m.Skills).Where(m => ids.Contains(m.Id)).ToDictionaryAsync(m => m.Id, ct);
            })
            .LoadAsync(memberId);

    /// <summary>A user's membership in a community (the actor of an entry, as a member of the entry's community).</summary>
    public static IDataLoaderResult<Member?> LoadMembership(this IResolveFieldContext context, long userId, long communityId) =>
        context.DataLoaders()
            .GetOrAddBatchLoader<(long UserId, long CommunityId), Member>("members-by-user", async (keys, ct) =>
            {
                var users = keys.Select(k => k.UserId).Distinct().ToList();
                var communities = keys.Select(k => k.CommunityId).Distinct().ToList();
                await using var db = await context.CreateDbContextAsync();
                var found = await db.Members.AsNoTracking().Include(m => m.Skills)
                    .Where(m => users.Contains(m.UserId) && communities.Contains(m.CommunityId)).ToListAsync(ct);
                return found.ToDictionary(m => (m.UserId, m.CommunityId));
            })
            .LoadAsync((userId, communityId));

    /// <summary>The member whose account this is; null for the community's own accounts.</summary>
    public static IDataLoaderResult<Member?> LoadAccountOwner(this IResolveFieldContext context, long accountId) =>
        context.DataLoaders()
            .GetOrAddBatchLoader<long, Member>("account-owners", async (ids, ct) =>
            {
                await using var db = await context.CreateDbContextAsync();
                return await db.Members.AsNoTracking().Include(m => m.Skills)
                    .Where(m => m.AccountId != null && ids.Contains(m.AccountId.Value)).ToDictionaryAsync(m => m.AccountId!.Value, ct);
            })
            .LoadAsync(accountId);

    public static IDataLoaderResult<Exchange?> LoadExchange(this IResolveFieldContext context, long exchangeId) =>
        context.DataLoaders()
            .GetOrAddBatchLoader<long, Exchange>("exchanges-by-id", async (ids, ct) =>
            {
                await using var db = await context.CreateDbContextAsync();
                return await db.Exchanges.AsNoTracking().Where(e => ids.Contains(e.Id)).ToDictionaryAsync(e => e.Id, ct);
            })
            .LoadAsync(exchangeId);

    /// <summary>The exchange an entry settled (recorded exchanges are found this way: their id came after the entry).</summary>
    public static IDataLoaderResult<Exchange?> LoadExchangeSettledBy(this IResolveFieldContext context, long sequence) =>
        context.DataLoaders()
            .GetOrAddBatchLoader<long, Exchange>("exchanges-by-settlement-entry", async (sequences, ct) =>
            {
                await using var db = await context.CreateDbContextAsync();
                return await db.Exchanges.AsNoTracking().Where(e => e.SettlementEntrySequence != null && sequences.Contains(e.SettlementEntrySequence.Value))
                    .ToDictionaryAsync(e => e.SettlementEntrySequence!.Value, ct);
            })
            .LoadAsync(sequence);

    /// <summary>An entry's link in its community's chain (hash and previous hash); null when it has none.</summary>
    public static IDataLoaderResult<ChainLink?> LoadEntryLink(this IResolveFieldContext context, long sequence) =>
        context.DataLoaders()
            .GetOrAddBatchLoader<long, ChainLink>("entry-chain-links", async (sequences, ct) =>
            {
                await using var db = await context.CreateDbContextAsync();
                return await db.ChainLinks().Where(l => l.RecordType == ChainLink.Entry && sequences.Contains(l.RecordId)).ToDictionaryAsync(l => l.RecordId, ct);
            })
            .LoadAsync(sequence);
}
