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
        using var newcomer = await SubscribeAsync(token);
        using var maria = await SubscribeAsync(_riverside.People["maria"].Token);

        TestCommunity.Ok(await _app.GraphQLAsync(
            "mutation($input: ApproveMemberInput!) { approveMember(input: $input) { errors { code message } } }",
            new { input = new { memberId } }, _adminToken), "approveMember");

        var change = (await newcomer.ReceiveAsync())["payload"]?["data"]?["balanceChanged"];
        Assert.NotNull(change);
        Assert.Equal(memberId, (string?)change["memberId"]);
        Assert.Equal(60, (int?)change["balanceMinutes"]);
        Assert.Equal(60, (int?)change["availableMinutes"]);
        Assert.Equal(60, (int?)change["account"]!["balanceMinutes"]);
        // Only the owner is told.
        await maria.AssertNothingQueuedAsync();
    }

    private async Task<GraphQLWebSocket> SubscribeAsync(string token)
    {
        var socket = await GraphQLWebSocket.ConnectAsync(_app, token);
        await socket.StartAsync("1", BalanceChanged);
        return socket;
    }
}
