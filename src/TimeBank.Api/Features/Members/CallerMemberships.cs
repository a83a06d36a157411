using GraphQL;
using GraphQL.DataLoader;
using GraphQLParser.AST;
using Microsoft.Data.Sqlite;
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
        var services = context.RequestServices!;
        return context.DataLoaders()
            .GetOrAddBatchLoader<long, CallerMemberships>("caller-memberships", (ids, _) =>
            {
                // Resolved when the batch runs, once per request, not by every field that asks.
                var reads = services.GetRequiredService<PreparedReads>();
                return Task.FromResult<IReadOnlyDictionary<long, CallerMemberships>>(ids.Distinct().ToDictionary(id => id, id => reads.Read(Sql, Read, id)));
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

    private static CallerMemberships Read(SqliteDataReader reader)
    {
        User? user = null;
        var memberships = new List<Member>();
        var accounts = new Dictionary<long, LedgerAccount>();
        // One row per membership and skill, in membership order: a membership's first row brings its member and account.
        while (reader.Read())
        {
            user ??= new User
            {
                Id = reader.GetInt64(0),
                Email = reader.GetNullableString(1),
                IsAdmin = reader.GetBoolean(2),
                CreatedAt = reader.GetUtcDateTime(3),
                ErasedAt = reader.GetNullableUtcDateTime(4),
            };
            if (MemberColumns.ReadMember(reader, MemberAt) is not { } member)
            {
                continue;
            }
            if (memberships.Count == 0 || memberships[^1].Id != member.Id)
            {
                memberships.Add(member);
                if (LedgerAccount.Read(reader, AccountAt) is { } account)
                {
                    accounts[account.Id] = account;
                }
            }
            if (MemberColumns.ReadSkill(reader, SkillAt) is { } skill)
            {
                memberships[^1].Skills.Add(skill);
            }
        }
        return new CallerMemberships(user, memberships, accounts);
    }

    private const int MemberAt = 5;
    private const int AccountAt = MemberAt + MemberColumns.MemberCount;
    private const int SkillAt = AccountAt + LedgerAccount.ColumnCount;

    // One flat statement, prepared once per connection (PreparedReads): the user by its key, LEFT JOIN its members on
    // IX_Members_UserId, their accounts by key and their skills on IX_MemberSkills_MemberId. Flat on purpose: a user row
    // with a collection of members (EF Core's single-query shape) made SQLite materialize every member of every
    // community, joined to its account and skills, on each read. The user's columns are named, so the password hash and
    // lock-out state never leave the database on a read; members and accounts are whole rows because the Member and
    // Account types resolve from them.
    private static readonly string Sql = $"""
        SELECT u."Id", u."Email", u."IsAdmin", u."CreatedAt", u."ErasedAt",
               {MemberColumns.Member("m")}, {LedgerAccount.Columns("a")}, {MemberColumns.Skill("s")}
        FROM "Users" u
        LEFT JOIN "Members" m ON m."UserId" = u."Id"
        LEFT JOIN "LedgerAccounts" a ON a."Id" = m."AccountId"
        LEFT JOIN "MemberSkills" s ON s."MemberId" = m."Id"
        WHERE u."Id" = @p0
        ORDER BY m."Id", s."Id"
        """;
}
