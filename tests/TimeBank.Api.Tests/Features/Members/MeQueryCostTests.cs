using TimeBank.Api.Tests.Infrastructure;

namespace TimeBank.Api.Tests.Features.Members;

/// <summary>
/// <c>me</c> with its memberships and their accounts (the screen every member app opens with) is one SQL statement,
/// however many communities the user belongs to: the user, the memberships and the accounts come in one read.
/// </summary>
public sealed class MeQueryCostTests : IAsyncLifetime
{
    private const string Balances = "{ me { email memberships { displayName status account { balanceMinutes availableMinutes } } } }";

    /// <summary>The statements <see cref="Balances"/> costs: the user, the memberships and the accounts, joined.</summary>
    private const int Statements = 1;

    private readonly StatementCapture _capture = new("Members");
    private readonly TimeBankApplication _app;
    private string _admin = "";
    private string _user = "";

    public MeQueryCostTests() => _app = new TimeBankApplication { Interceptors = [_capture] };

    public async Task InitializeAsync()
    {
        _admin = await _app.RegisterAsync(TimeBankApplication.AdminEmail);
        _user = await _app.RegisterAsync("many@test.local");
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task MeWithMembershipsAndAccountsCostsOneStatementWithOneMembershipOrFive()
    {
        await JoinAsync(1);
        var one = await CountAsync(expectedMemberships: 1);

        await JoinAsync(4);
        var five = await CountAsync(expectedMemberships: 5);

        Assert.Equal(Statements, one);
        Assert.Equal(Statements, five);
    }

    [Fact]
    public async Task TheReadSeeksTheCallersOwnMembershipsAndNeverVisitsOtherMembers()
    {
        await JoinAsync(2);
        _capture.Take();

        await CountAsync(expectedMemberships: 2);

        var statement = Assert.Single(_capture.Take());
        var plan = await QueryPlans.ExplainAsync(_app, statement);
        // A scan or a materialized subquery of Members would cost every member of every community on each read.
        Assert.Contains(plan, step => step.StartsWith("SEARCH ", StringComparison.Ordinal) && step.Contains("IX_Members_UserId", StringComparison.Ordinal));
        Assert.DoesNotContain(plan, step => step.StartsWith("SCAN ", StringComparison.Ordinal) || step.StartsWith("MATERIALIZE", StringComparison.Ordinal));
    }

    private async Task JoinAsync(int communities)
    {
        for (var i = 0; i < communities; i++)
        {
            var slug = $"c{Guid.NewGuid():N}"[..12];
            var created = TestCommunity.Ok(await _app.GraphQLAsync(
                "mutation($input: CreateCommunityInput!) { createCommunity(input: $input) { community { id } errors { code message } } }",
                new { input = new { slug, name = slug, timeZone = "Europe/Lisbon", policy = new { joiningGrantMinutes = 60 } } }, _admin), "createCommunity");
            var memberId = await TestCommunity.JoinAsync(_app, _user, (string)created["community"]!["id"]!, "Many");
            TestCommunity.Ok(await _app.GraphQLAsync(
                "mutation($input: ApproveMemberInput!) { approveMember(input: $input) { errors { code message } } }",
                new { input = new { memberId } }, _admin), "approveMember");
        }
    }

    private async Task<int> CountAsync(int expectedMemberships)
    {
        _app.SqlStatements.Reset();
        var response = await _app.GraphQLAsync(Balances, token: _user);
        var count = _app.SqlStatements.Total;
        Assert.Null(response["errors"]);
        var memberships = response["data"]!["me"]!["memberships"]!.AsArray();
        Assert.Equal(expectedMemberships, memberships.Count);
        Assert.All(memberships, m => Assert.Equal(60, (int)m!["account"]!["balanceMinutes"]!));
        return count;
    }
}
