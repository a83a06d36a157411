using TimeBank.Api.Tests.Infrastructure;

namespace TimeBank.Api.Tests.Features.Accounts;

/// <summary>
/// A member who moves minutes and then reads their balance sees the move, every time: no cache on the read path
/// (the per-request read of the caller's memberships, pooled contexts, prepared statements) may show a balance from
/// before the member's own write. Over a real Kestrel port, one request after the other as an app sends them.
/// </summary>
public sealed class BalanceReadAfterWriteTests : IAsyncLifetime
{
    private const int Rounds = 1_000;
    private const string Balance = "{ me { memberships { account { balanceMinutes availableMinutes } } } }";

    private readonly TimeBankApplication _app = new();

    public Task InitializeAsync()
    {
        _app.UseKestrel(ApiProcess.FreePort());
        _app.StartServer();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task EveryReadAfterADonationShowsTheNewBalance()
    {
        var admin = await _app.RegisterAsync(TimeBankApplication.AdminEmail);
        var created = TestCommunity.Ok(await _app.GraphQLAsync(
            "mutation($input: CreateCommunityInput!) { createCommunity(input: $input) { community { id } errors { code message } } }",
            // A floor low enough for a thousand one-minute gifts.
            new { input = new { slug = "fresh", name = "Fresh", timeZone = "Europe/Lisbon", policy = new { joiningGrantMinutes = 60, floorMinutes = -60_000 } } },
            admin), "createCommunity");
        var communityId = (string)created["community"]!["id"]!;
        var token = await _app.RegisterAsync("giver@test.local");
        var memberId = await TestCommunity.JoinAsync(_app, token, communityId, "Giver");
        TestCommunity.Ok(await _app.GraphQLAsync(
            "mutation($input: ApproveMemberInput!) { approveMember(input: $input) { errors { code message } } }",
            new { input = new { memberId } }, admin), "approveMember");
        using var http = _app.CreateClient();
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);

        var expected = await BalanceAsync(http);
        Assert.Equal(60, expected);
        for (var round = 0; round < Rounds; round++)
        {
            var gift = round % 3 + 1;
            TestCommunity.Ok(await PostAsync(http,
                "mutation($input: DonateToFundInput!) { donateToFund(input: $input) { errors { code message } } }",
                new { input = new { communityId, minutes = gift } }), "donateToFund");
            expected -= gift;

            var seen = await BalanceAsync(http);
            Assert.True(seen == expected, $"round {round}: read {seen} minutes after the gift, expected {expected}");
        }
    }

    private static async Task<int> BalanceAsync(HttpClient http)
    {
        var response = await PostAsync(http, Balance, variables: null);
        var account = response["data"]!["me"]!["memberships"]![0]!["account"]!;
        Assert.Equal((int)account["balanceMinutes"]!, (int)account["availableMinutes"]!);
        return (int)account["balanceMinutes"]!;
    }

    private static async Task<System.Text.Json.Nodes.JsonObject> PostAsync(HttpClient http, string query, object? variables)
    {
        using var response = await System.Net.Http.Json.HttpClientJsonExtensions.PostAsJsonAsync(http, "/graphql", new { query, variables });
        var body = await response.Content.ReadAsStringAsync();
        return System.Text.Json.Nodes.JsonNode.Parse(body)?.AsObject() ?? throw new InvalidOperationException($"HTTP {(int)response.StatusCode}: {body}");
    }
}
