using System.Globalization;
using Microsoft.Data.Sqlite;
using TimeBank.Api.Tests.Infrastructure;

namespace TimeBank.Api.Tests.Security;

/// <summary>
/// A step of the member and community mutations, made, then repeated: with the same content it succeeds
/// again and changes nothing; with other content it is refused with a code (never a success that did not
/// do what was asked), or, for the mutations that set a whole state (roles), it applies the new state.
/// To add a mutation, add a row to <see cref="Table"/>: the state the member starts in, the mutation, its
/// first input and another one, and what the other one must answer.
/// </summary>
public sealed class RepeatedMemberStepTests(RepeatedStepFixture bank) : IClassFixture<RepeatedStepFixture>
{
    /// <summary>The answer of the repeat with other content: an error code, or <see cref="Applies"/>.</summary>
    private const string Applies = "applies";

    /// <summary>
    /// A row: the state the row's member starts in ("none", "applied", "active", "suspended"), the mutation and its
    /// first input, another input and what it must answer; the other input goes to <paramref name="OtherMutation"/> when given.
    /// </summary>
    private sealed record Step(string Start, string Mutation, Func<Ids, object> First, Func<Ids, object> Other, string OtherAnswer, string? OtherMutation = null);

    /// <summary>The IDs a row's inputs may use: the member made for the row, the community and the policy version before the row ran.</summary>
    public sealed record Ids(string MemberId, string CommunityId, int PolicyVersion, string Suffix);

    private static readonly Dictionary<string, Step> Table = new()
    {
        ["declineMember, another reason"] = new("applied", "declineMember",
            ids => new { memberId = ids.MemberId, reason = "no references" }, ids => new { memberId = ids.MemberId, reason = "spam" }, "IDEMPOTENCY_CONFLICT"),
        ["declineMember, a reason where none was given"] = new("applied", "declineMember",
            ids => new { memberId = ids.MemberId }, ids => new { memberId = ids.MemberId, reason = "spam" }, "IDEMPOTENCY_CONFLICT"),
        ["suspendMember, another reason"] = new("active", "suspendMember",
            ids => new { memberId = ids.MemberId, reason = "shouted at Tom" }, ids => new { memberId = ids.MemberId, reason = "did not show up" }, "IDEMPOTENCY_CONFLICT"),
        ["reinstateMember, another reason"] = new("suspended", "reinstateMember",
            ids => new { memberId = ids.MemberId, reason = "apologised" }, ids => new { memberId = ids.MemberId, reason = "time served" }, "IDEMPOTENCY_CONFLICT"),
        ["leaveCommunity, another reason"] = new("active", "leaveCommunity",
            ids => new { memberId = ids.MemberId, reason = "moving away" }, ids => new { memberId = ids.MemberId, reason = "too busy" }, "IDEMPOTENCY_CONFLICT"),
        ["reinstateMember of a member who was never suspended"] = new("active", "approveMember",
            ids => new { memberId = ids.MemberId }, ids => new { memberId = ids.MemberId }, "WRONG_STATUS", OtherMutation: "reinstateMember"),
        ["joinCommunity, another name"] = new("none", "joinCommunity",
            ids => new { communityId = ids.CommunityId, displayName = "Nadia " + ids.Suffix }, ids => new { communityId = ids.CommunityId, displayName = "Nadia B" }, "ALREADY_MEMBER"),
        ["setMemberRoles sets the whole state"] = new("active", "setMemberRoles",
            ids => new { memberId = ids.MemberId, coordinator = false, auditor = true }, ids => new { memberId = ids.MemberId, coordinator = false, auditor = false }, Applies),
        ["updateProfile sets the fields it names"] = new("active", "updateProfile",
            ids => new { memberId = ids.MemberId, bio = "Gardener" }, ids => new { memberId = ids.MemberId, bio = "Baker" }, Applies),
        ["updateCommunityPolicy from the same version, other rules"] = new("active", "updateCommunityPolicy",
            ids => new { communityId = ids.CommunityId, basedOnVersion = ids.PolicyVersion, policy = new { autoAcknowledgeDays = 10 + ids.PolicyVersion } },
            ids => new { communityId = ids.CommunityId, basedOnVersion = ids.PolicyVersion, policy = new { autoAcknowledgeDays = 40 + ids.PolicyVersion } }, "WRONG_STATUS"),
        ["addCategory, another name"] = new("active", "addCategory",
            ids => new { communityId = ids.CommunityId, slug = "knitting-" + ids.Suffix, name = "Knitting" },
            ids => new { communityId = ids.CommunityId, slug = "knitting-" + ids.Suffix, name = "Crochet" }, "SLUG_TAKEN"),
    };

    public static TheoryData<string> Cases => [.. Table.Keys];

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task TheSameContentSucceedsAgainAndOtherContentIsNeverASilentSuccess(string name)
    {
        var step = Table[name];
        var (token, ids) = await bank.StartAsync(step.Start);
        var actor = step.Mutation is "leaveCommunity" or "joinCommunity" ? token : bank.Riverside.People["coordinator"].Token;

        var first = await bank.RunAsync(step.Mutation, step.First(ids), actor);
        Assert.Empty(first);
        var afterFirst = bank.Fingerprint();
        var same = await bank.RunAsync(step.Mutation, step.First(ids), actor);
        Assert.Empty(same);
        Assert.Equal(afterFirst, bank.Fingerprint());

        var other = await bank.RunAsync(step.OtherMutation ?? step.Mutation, step.Other(ids), actor);
        if (step.OtherAnswer == Applies)
        {
            Assert.Empty(other);
            Assert.NotEqual(afterFirst, bank.Fingerprint());
            return;
        }
        Assert.Equal(step.OtherAnswer, Assert.Single(other));
        Assert.Equal(afterFirst, bank.Fingerprint());
    }
}

/// <summary>One community ("riverside") over the API; each row gets a fresh member in the state it starts from.</summary>
public sealed class RepeatedStepFixture : IAsyncLifetime
{
    private int _next;

    public TimeBankApplication App { get; } = new();

    public TestCommunity Riverside { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var admin = await App.RegisterAsync(TimeBankApplication.AdminEmail);
        Riverside = await TestCommunity.CreateAsync(App, admin, "riverside");
    }

    /// <summary>A new user in the given state ("none", "applied", "active", "suspended"), with its token and the row's IDs.</summary>
    public async Task<(string Token, RepeatedMemberStepTests.Ids Ids)> StartAsync(string state)
    {
        var suffix = (++_next).ToString(CultureInfo.InvariantCulture);
        var token = await App.RegisterAsync($"repeat{suffix}@test.local");
        var memberId = "";
        var coordinator = Riverside.People["coordinator"].Token;
        if (state != "none")
        {
            memberId = await TestCommunity.JoinAsync(App, token, Riverside.Id, "Repeat " + suffix);
        }
        if (state is "active" or "suspended")
        {
            Assert.Empty(await RunAsync("approveMember", new { memberId }, coordinator));
        }
        if (state == "suspended")
        {
            Assert.Empty(await RunAsync("suspendMember", new { memberId }, coordinator));
        }
        return (token, new RepeatedMemberStepTests.Ids(memberId, Riverside.Id, (int)Scalar("SELECT PolicyVersion FROM Communities WHERE Slug = 'riverside'"), suffix));
    }

    /// <summary>Runs a mutation and returns the codes of its payload errors.</summary>
    public async Task<List<string>> RunAsync(string mutation, object input, string token)
    {
        var response = await App.GraphQLAsync(MutationDocument.For(mutation, "errors { code message }"), new { input }, token);
        var errors = response["data"]?[mutation]?["errors"]?.AsArray() ?? throw new InvalidOperationException(response.ToJsonString());
        return [.. errors.Select(e => (string)e!["code"]!)];
    }

    /// <summary>Everything a member or community step may change, as one comparable string.</summary>
    public string Fingerprint() => string.Join('\n', new[]
    {
        "SELECT group_concat(Id || ':' || Status || ':' || Roles || ':' || DisplayName || ':' || ifnull(Bio, '') || ':' || ifnull(AccountId, ''), '|') FROM Members",
        "SELECT COUNT(*) || ':' || ifnull(MAX(Id), 0) FROM MembershipChanges",
        "SELECT group_concat(Version || ':' || AutoAcknowledgeDays, '|') FROM CommunityPolicies",
        "SELECT group_concat(Slug || ':' || Name, '|') FROM Categories",
        "SELECT COUNT(*) FROM LedgerEntries",
    }.Select(sql => Convert.ToString(Read(sql), CultureInfo.InvariantCulture)));

    private long Scalar(string sql) => Read(sql) is long value ? value : -1;

    private object? Read(string sql)
    {
        using var connection = new SqliteConnection($"Data Source={Path.Combine(App.DataDirectory, "timebank.db")};Pooling=False;Mode=ReadOnly");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }

    public async Task DisposeAsync() => await App.DisposeAsync();
}
