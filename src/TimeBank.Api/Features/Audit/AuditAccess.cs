using GraphQL;
using Microsoft.EntityFrameworkCore;
using TimeBank.Api.Data;
using TimeBank.Api.Data.Entities;
using TimeBank.Api.Features.Members;
using TimeBank.Api.Schema;
using TimeBank.GraphQL.DataLoader;
using TimeBank.Ledger.Model;

namespace TimeBank.Api.Features.Audit;

/// <summary>
/// Who reads the ledger: the community's auditors and coordinators (deployment admins too) read all of it; a member
/// reads its own account and the entries that post to it; nobody else reads anything, and is answered as if it did not
/// exist (null, or NOT_FOUND for a community outside their own), as the by-id look-ups answer.
/// </summary>
public static class AuditAccess
{
    /// <summary>Whether these roles read every account and entry of the community.</summary>
    public static bool ReadsTheLedger(this CommunityRoles roles) => roles.IsAuditor || roles.IsCoordinator;

    /// <summary>
    /// The community whose ledger a community-wide read (trial balance, accounts, journal) reads, once the caller is
    /// shown to read it; otherwise the refusal, NOT_FOUND outside the community, FORBIDDEN inside it.
    /// </summary>
    public static async Task<Community> CommunityLedgerAsync(this IResolveFieldContext context, TimeBankDbContext db, long communityId)
    {
        var community = await db.Communities.AsNoTracking().SingleOrDefaultAsync(c => c.Id == communityId, context.CancellationToken);
        var roles = await CommunityRoles.LoadAsync(db, communityId, context.Caller(), context.CancellationToken);
        if (community is null || !roles.ReadsTheLedger())
        {
            throw new QueryError(community is null
                ? new Failure(ErrorCode.NotFound, "No such community.", "communityId")
                : roles.Refuse("No such community.", "communityId", "Only the community's auditors and coordinators read its ledger."));
        }
        return community;
    }

    /// <summary>Accounts by id, only those the caller may read (<c>node(id:)</c>, <c>accountBalance</c>, a posting's account).</summary>
    public static BatchFetch<long, LedgerAccount> VisibleAccounts(this IDbContextFactory<TimeBankDbContext> contexts, Caller caller) =>
        async (ids, ct) =>
        {
            await using var db = await contexts.CreateDbContextAsync(ct);
            var accounts = await db.Set<LedgerAccount>().AsNoTracking().Where(a => ids.Contains(a.Id)).ToListAsync(ct);
            var readers = await ReadersAsync(db, caller, accounts.Select(a => a.LedgerGroup), ct);
            return accounts.Where(a => readers.MayRead(a.LedgerGroup, [a.Id])).ToDictionary(a => a.Id);
        };

    /// <summary>Entries by sequence, only those the caller may read (<c>entry(id:)</c> and <c>node(id:)</c>), with their community.</summary>
    public static BatchFetch<long, AuditedEntry> VisibleEntries(this IDbContextFactory<TimeBankDbContext> contexts, Caller caller) =>
        async (sequences, ct) =>
        {
            await using var db = await contexts.CreateDbContextAsync(ct);
            // An entry's accounts are all in one group, so its first posting tells the group.
            var found = await (
                from e in db.Set<LedgerEntry>().AsNoTracking()
                join p in db.Set<LedgerPosting>() on e.Sequence equals p.EntrySequence
                join a in db.Set<LedgerAccount>() on p.AccountId equals a.Id
                where sequences.Contains(e.Sequence) && p.Index == 0
                select new { Entry = e, a.LedgerGroup }).ToListAsync(ct);
            var postings = await db.Set<LedgerPosting>().AsNoTracking().Where(p => sequences.Contains(p.EntrySequence))
                .Select(p => new { p.EntrySequence, p.AccountId }).ToListAsync(ct);
            var readers = await ReadersAsync(db, caller, found.Select(f => f.LedgerGroup), ct);
            return found
                .Where(f => readers.MayRead(f.LedgerGroup, postings.Where(p => p.EntrySequence == f.Entry.Sequence).Select(p => p.AccountId)))
                .ToDictionary(f => f.Entry.Sequence, f => new AuditedEntry(f.Entry, readers.CommunityOf(f.LedgerGroup)));
        };

    /// <summary>The caller's standing in the communities of <paramref name="groups"/>: two statements.</summary>
    private static async Task<Readers> ReadersAsync(TimeBankDbContext db, Caller caller, IEnumerable<string> groups, CancellationToken ct)
    {
        var wanted = groups.Distinct().ToList();
        var communities = await db.Communities.AsNoTracking().Where(c => wanted.Contains(c.LedgerGroup))
            .ToDictionaryAsync(c => c.LedgerGroup, c => c.Id, ct);
        var communityIds = communities.Values.ToList();
        var mine = caller.UserId is { } userId
            ? await db.Members.AsNoTracking().Where(m => m.UserId == userId && communityIds.Contains(m.CommunityId)).ToDictionaryAsync(m => m.CommunityId, ct)
            : [];
        return new Readers(caller, communities, mine);
    }

    private sealed record Readers(Caller Caller, Dictionary<string, long> Communities, Dictionary<long, Member> Memberships)
    {
        public long CommunityOf(string group) => Communities[group];

        /// <summary>Whether the caller reads what touches <paramref name="accountIds"/> in <paramref name="group"/>.</summary>
        public bool MayRead(string group, IEnumerable<long> accountIds)
        {
            if (!Communities.TryGetValue(group, out var communityId))
            {
                return false;
            }
            var roles = new CommunityRoles(Caller, Memberships.GetValueOrDefault(communityId));
            return roles.ReadsTheLedger() || (roles.Membership is { AccountId: { } own } && accountIds.Contains(own));
        }
    }
}

/// <summary>A ledger entry with the community whose ledger it is in, as the auditor's types show it.</summary>
public sealed record AuditedEntry(LedgerEntry Entry, long CommunityId);
