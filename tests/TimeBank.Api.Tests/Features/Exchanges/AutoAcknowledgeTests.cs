using Microsoft.Extensions.DependencyInjection;
using TimeBank.Api.Features.Exchanges;

namespace TimeBank.Api.Tests.Features.Exchanges;

/// <summary>The job settles completed exchanges nobody answered for the policy's 14 days, on the fake clock.</summary>
public sealed class AutoAcknowledgeTests(ExchangesFixture bank) : IClassFixture<ExchangesFixture>
{
    [Fact]
    public async Task SettlesWhatWasLeftUnansweredForThePolicysDaysAndNothingEarlier()
    {
        var providerBefore = await bank.AccountOfAsync("tom");
        var id = await bank.InStatusAsync("COMPLETED");
        var disputed = await bank.InStatusAsync("DISPUTED");
        var job = bank.App.Services.GetRequiredService<AutoAcknowledge>();

        bank.App.Clock.Advance(TimeSpan.FromDays(14) - TimeSpan.FromMinutes(1));
        await job.RunOnceAsync(CancellationToken.None);
        await bank.LogInAgainAsync();
        Assert.Equal("COMPLETED", await StatusAsync(id));

        bank.App.Clock.Advance(TimeSpan.FromMinutes(1));
        await job.RunOnceAsync(CancellationToken.None);

        var exchange = await ExchangeAsync(id);
        Assert.Equal("SETTLED", (string?)exchange["status"]);
        var last = exchange["timeline"]!.AsArray()[^1]!;
        Assert.Equal("auto-acknowledge", (string?)last["action"]);
        Assert.True((bool)last["bySystem"]!);
        Assert.Null(last["principal"]);
        Assert.Equal(1, bank.EntriesOf(id));
        Assert.Equal(providerBefore.Balance + 45, (await bank.AccountOfAsync("tom")).Balance);
        Assert.Equal("DISPUTED", await StatusAsync(disputed));
        Assert.Equal(0, await job.RunOnceAsync(CancellationToken.None));
        Assert.Empty(await bank.ReconcileAsync());
    }

    private async Task<string?> StatusAsync(string id) => (string?)(await ExchangeAsync(id))["status"];

    private async Task<System.Text.Json.Nodes.JsonNode> ExchangeAsync(string id)
    {
        var response = await bank.App.GraphQLAsync(
            "query($id: ID!) { exchange(id: $id) { status timeline { action bySystem principal { displayName } } } }", new { id }, bank.AdminToken);
        return response["data"]!["exchange"] ?? throw new InvalidOperationException(response.ToJsonString());
    }
}
