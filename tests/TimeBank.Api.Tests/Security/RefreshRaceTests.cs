using System.Text.Json.Nodes;
using TimeBank.Api.Tests.Infrastructure;

namespace TimeBank.Api.Tests.Security;

/// <summary>
/// A refresh token is used once, atomically: of many simultaneous refreshes with one token exactly one wins. The others
/// are a second use of a used token, which ends the session (the rule for a replayed token), so the winner's new
/// tokens stop working too.
/// </summary>
public sealed class RefreshRaceTests(TimeBankApplication app) : IClassFixture<TimeBankApplication>
{
    private const int Racers = 16;

    private const string Refresh =
        "mutation($input: RefreshSessionInput!) { refreshSession(input: $input) { accessToken refreshToken errors { code } } }";

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    public async Task OfManySimultaneousRefreshesWithOneTokenExactlyOneWins(int round)
    {
        // Several rounds: a race the old code lost only sometimes must not pass by luck.
        var session = await LoginAsync($"racer{round}@test.local");
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var racers = Enumerable.Range(0, Racers).Select(_ => Task.Run(async () =>
        {
            await start.Task;
            return await RefreshAsync(session.RefreshToken);
        })).ToList();
        start.SetResult();
        var answers = await Task.WhenAll(racers);

        var winners = answers.Where(a => a["errors"]!.AsArray().Count == 0).ToList();
        Assert.Single(winners);
        Assert.All(answers.Except(winners), a => Assert.Equal("INVALID_REFRESH_TOKEN", (string?)a["errors"]![0]!["code"]));
        var winnersSuccessor = await RefreshAsync((string)winners[0]["refreshToken"]!);
        Assert.Equal("INVALID_REFRESH_TOKEN", (string?)winnersSuccessor["errors"]![0]!["code"]);
    }

    [Fact]
    public async Task ARefreshAloneStillRotates()
    {
        var session = await LoginAsync("alone@test.local");

        var first = await RefreshAsync(session.RefreshToken);
        var second = await RefreshAsync((string)first["refreshToken"]!);

        Assert.Empty(first["errors"]!.AsArray());
        Assert.Empty(second["errors"]!.AsArray());
    }

    private async Task<(string AccessToken, string RefreshToken)> LoginAsync(string email)
    {
        await app.RegisterAsync(email);
        var login = await app.GraphQLAsync(
            "mutation($input: LoginInput!) { login(input: $input) { accessToken refreshToken errors { code } } }",
            new { input = new { email, password = TimeBankApplication.Password } });
        var payload = login["data"]!["login"]!;
        return ((string)payload["accessToken"]!, (string)payload["refreshToken"]!);
    }

    private async Task<JsonNode> RefreshAsync(string refreshToken) =>
        (await app.GraphQLAsync(Refresh, new { input = new { refreshToken } }))["data"]!["refreshSession"]!;
}
