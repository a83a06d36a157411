using GraphQL;
using GraphQL.DataLoader;
using GraphQLParser.AST;
using Microsoft.EntityFrameworkCore;
using TimeBank.Api.Data;
using TimeBank.Api.Data.Entities;
using TimeBank.Api.Features.Accounts;
using TimeBank.Api.Schema;
using TimeBank.GraphQL.DataLoader;
using TimeBank.Ledger.Model;

namespace TimeBank.Api.Features.Members;

/// <summary>
/// The caller's own user row, every membership of theirs (with its skills) and those memberships' accounts: what
/// <c>me</c>, the caller's roles in any community (<see cref="MemberViewer.RolesIn"/>) and the caller's own balances
/// need, read together in one compiled statement per query operation. A user belongs to a few communities, so reading
/// all of them costs no more than reading the one a field asks about, and every later field of the request is served
/// from memory.
/// </summary>
/// <remarks>
/// Only for query operations (<see cref="AppliesTo"/>): a request's loaders live as long as its DI scope, which for a
/// subscription is the whole subscription and for a mutation spans its writes, so there the old per-field reads stay
/// and no balance read before a write is shown after it. Nothing is kept between requests, so a query never shows a
/// balance older than the request.
/// </remarks>
public sealed record CallerMemberships(User? User, IReadOnlyList<Member> Memberships, IReadOnlyDictionary<long, LedgerAccount> Accounts)
{
    /// <summary>The caller's membership in <paramref name="communityId"/>, if any.</summary>
    public Member? In(long communityId) => Memberships.FirstOrDefault(m => m.CommunityId == communityId);

    /// <summary>Whether this read serves <paramref name="context"/>: a query operation by a signed-in caller.</summary>
    public static bool AppliesTo(IResolveFieldContext context) =>
        context.Operation.Operation == OperationType.Query && context.Caller().UserId is not null;

    /// <summary>The request's one read of the caller's memberships; call only where <see cref="AppliesTo"/> holds.</summary>
    public static IDataLoaderResult<CallerMemberships> Load(IResolveFieldContext context)
    {
        var userId = context.Caller().UserId ?? throw new InvalidOperationException("An anonymous caller has no memberships.");
        var contexts = context.Service<IDbContextFactory<TimeBankDbContext>>();
        return context.DataLoaders()
            .GetOrAddBatchLoader<long, CallerMemberships>("caller-memberships", async (ids, ct) =>
            {
                await using var db = await contexts.CreateDbContextAsync(ct);
                var reads = new Dictionary<long, CallerMemberships>();
                foreach (var id in ids)
                {
                    reads[id] = await ReadAsync(db, id, ct);
                }
                return reads;
            })
            .LoadAsync(userId)
            .Then(read => read ?? throw new InvalidOperationException("The caller's memberships were not read."));
    }

    /// <summary>
    /// The caller's own account <paramref name="accountId"/> from this read; should a membership read elsewhere in the
    /// request be newer than this read (approved in between), the account loader reads it.
    /// </summary>
    public static IDataLoaderResult<LedgerAccount?> OwnAccount(IResolveFieldContext context, long accountId) =>
        new OwnAccountResult(Load(context), () => context.LoadAccount(accountId), accountId);

    private sealed class OwnAccountResult(IDataLoaderResult<CallerMemberships> read, Func<IDataLoaderResult<LedgerAccount?>> elsewhere, long accountId)
        : IDataLoaderResult<LedgerAccount?>
    {
        public async Task<LedgerAccount?> GetResultAsync(CancellationToken cancellationToken = default) =>
            (await read.GetResultAsync(cancellationToken)).Accounts.GetValueOrDefault(accountId)
            ?? await elsewhere().GetResultAsync(cancellationToken);

        async Task<object?> IDataLoaderResult.GetResultAsync(CancellationToken cancellationToken) => await GetResultAsync(cancellationToken);
    }

    private static async Task<CallerMemberships> ReadAsync(TimeBankDbContext db, long userId, CancellationToken ct)
    {
        var row = await Read(db, userId, ct);
        if (row is null)
        {
            return new CallerMemberships(null, [], new Dictionary<long, LedgerAccount>());
        }
        var user = new User { Id = row.Id, Email = row.Email, IsAdmin = row.IsAdmin, CreatedAt = row.CreatedAt, ErasedAt = row.ErasedAt };
        var accounts = new Dictionary<long, LedgerAccount>();
        foreach (var membership in row.Memberships)
        {
            membership.Member.Skills.AddRange(membership.Skills);
            if (membership.Account is { } account)
            {
                accounts[account.Id] = account;
            }
        }
        return new CallerMemberships(user, [.. row.Memberships.Select(m => m.Member)], accounts);
    }

    // One statement: the user LEFT JOIN its members LEFT JOIN their accounts and skills. The user's columns are named, so
    // the password hash and lock-out state never leave the database on a read; members and accounts are whole rows
    // because the Member and Account types resolve from them.
    private static readonly Func<TimeBankDbContext, long, CancellationToken, Task<UserRow?>> Read = EF.CompileAsyncQuery(
        (TimeBankDbContext db, long userId, CancellationToken ct) => db.Users.AsNoTracking().AsSingleQuery()
            .Where(u => u.Id == userId)
            .Select(u => new UserRow
            {
                Id = u.Id,
                Email = u.Email,
                IsAdmin = u.IsAdmin,
                CreatedAt = u.CreatedAt,
                ErasedAt = u.ErasedAt,
                Memberships = (
                    from m in db.Members
                    where m.UserId == u.Id
                    from a in db.Set<LedgerAccount>().Where(a => a.Id == m.AccountId).DefaultIfEmpty()
                    orderby m.Id
                    select new MembershipRow { Member = m, Account = a, Skills = m.Skills.OrderBy(s => s.Id).ToList() }).ToList(),
            })
            .FirstOrDefault());

    private sealed class UserRow
    {
        public long Id { get; init; }

        public string? Email { get; init; }

        public bool IsAdmin { get; init; }

        public DateTime CreatedAt { get; init; }

        public DateTime? ErasedAt { get; init; }

        public List<MembershipRow> Memberships { get; init; } = [];
    }

    private sealed class MembershipRow
    {
        public required Member Member { get; init; }

        public LedgerAccount? Account { get; init; }

        public List<MemberSkill> Skills { get; init; } = [];
    }
}
