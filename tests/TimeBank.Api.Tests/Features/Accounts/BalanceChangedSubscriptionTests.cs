using TimeBank.Api.Tests.Features.Exchanges;
using TimeBank.Api.Tests.Infrastructure;

namespace TimeBank.Api.Tests.Features.Accounts;

/// <summary>
/// balanceChanged tells an account's owner of every change of its balance, not only those of exchanges: a new
/// member approved into a community with a joining grant hears of the grant.
/// </summary>
public sealed class BalanceChangedSubscriptionTests : IAsyncLifetime
{
    private const string BalanceChanged = "subscription { balanceChanged { memberId balanceMinutes availableMinutes account { balanceMinutes } } }";

    private readonly TimeBankApplication _app = new();

    private string _adminToken = "";

    private TestCommunity _riverside = null!;

    public async Task InitializeAsync()
    {
        _adminToken = await _app.RegisterAsync(TimeBankApplication.AdminEmail);
        // Its policy grants 60 minutes on joining.
        _riverside = await TestCommunity.CreateAsync(_app, _adminToken, "riverside", "maria");
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task ANewMemberHearsOfTheJoiningGrant()
    {
        var token = await _app.RegisterAsync("newcomer.riverside@test.local");
        var memberId = await TestCommunity.JoinAsync(_app, token, _riverside.Id, "Newcomer");
        using var newcomer = await ExchangeSubscriptionTests.Subscriber.StartAsync(_app, token, BalanceChanged);
        using var maria = await ExchangeSubscriptionTests.Subscriber.StartAsync(_app, _riverside.People["maria"].Token, BalanceChanged);

        TestCommunity.Ok(await _app.GraphQLAsync(
            "mutation($input: ApproveMemberInput!) { approveMember(input: $input) { errors { code message } } }",
            new { input = new { memberId } }, _adminToken), "approveMember");

        var change = (await newcomer.NextAsync(TimeSpan.FromSeconds(10)))?["payload"]?["data"]?["balanceChanged"];
        Assert.NotNull(change);
        Assert.Equal(memberId, (string?)change["memberId"]);
        Assert.Equal(60, (int?)change["balanceMinutes"]);
        Assert.Equal(60, (int?)change["availableMinutes"]);
        Assert.Equal(60, (int?)change["account"]!["balanceMinutes"]);
        // Only the owner is told.
        Assert.Null(await maria.NextAsync(TimeSpan.FromSeconds(1)));
    }
}
