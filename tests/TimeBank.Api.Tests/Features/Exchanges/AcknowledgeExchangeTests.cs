namespace TimeBank.Api.Tests.Features.Exchanges;

public sealed class AcknowledgeExchangeTests(ExchangesFixture bank) : IClassFixture<ExchangesFixture>
{
    [Fact]
    public async Task PostsHoldForActualMinutes()
    {
        var receiverBefore = await bank.AccountOfAsync("maria");
        var providerBefore = await bank.AccountOfAsync("tom");
        var id = await bank.ProposeAsync(60);
        await bank.OkAsync("acceptExchange", "tom", new { exchangeId = id });
        Assert.Equal((receiverBefore.Balance, receiverBefore.Available - 60), await bank.AccountOfAsync("maria"));
        await bank.OkAsync("completeExchange", "tom", new { exchangeId = id, minutes = 45 });

        var exchange = await bank.OkAsync("acknowledgeExchange", "maria", new { exchangeId = id });

        Assert.Equal("SETTLED", (string?)exchange["status"]);
        Assert.Equal(45, (int?)exchange["actualMinutes"]);
        Assert.NotNull((int?)exchange["settlementEntrySequence"]);
        Assert.Equal((receiverBefore.Balance - 45, receiverBefore.Available - 45), await bank.AccountOfAsync("maria"));
        Assert.Equal((providerBefore.Balance + 45, providerBefore.Available + 45), await bank.AccountOfAsync("tom"));
        Assert.Equal(1, bank.EntriesOf(id));
        Assert.Equal(["propose", "accept", "complete", "acknowledge"], exchange["timeline"]!.AsArray().Select(t => (string)t!["action"]!));
        Assert.Empty(await bank.ReconcileAsync());
    }

    [Fact]
    public async Task TwiceMakesOneEntry()
    {
        var id = await bank.InStatusAsync("COMPLETED");

        var first = await bank.OkAsync("acknowledgeExchange", "maria", new { exchangeId = id });
        var second = await bank.OkAsync("acknowledgeExchange", "maria", new { exchangeId = id });

        Assert.Equal("SETTLED", (string?)second["status"]);
        Assert.Equal((int?)first["settlementEntrySequence"], (int?)second["settlementEntrySequence"]);
        Assert.Equal(1, bank.EntriesOf(id));
        Assert.Empty(await bank.ReconcileAsync());
    }

    [Fact]
    public async Task TwiceAtOnceFromTwoConnectionsMakesOneEntry()
    {
        for (var round = 0; round < 5; round++)
        {
            var id = await bank.InStatusAsync("COMPLETED");

            // The receiver and a coordinator on their behalf: the same step with other content, from two connections.
            var both = await Task.WhenAll(
                bank.MutateAsync("acknowledgeExchange", bank.Token("maria"), new { exchangeId = id }),
                bank.MutateAsync("acknowledgeExchange", bank.Token("maria"), new { exchangeId = id }),
                bank.MutateAsync("acknowledgeExchange", bank.Token("coordinator"), new { exchangeId = id }));

            Assert.All(both, response => Assert.Empty(response["data"]!["acknowledgeExchange"]!["errors"]!.AsArray()));
            Assert.All(both, response => Assert.Equal("SETTLED", (string?)response["data"]!["acknowledgeExchange"]!["exchange"]!["status"]));
            Assert.Equal(1, bank.EntriesOf(id));
        }
        Assert.Empty(await bank.ReconcileAsync());
    }

    [Fact]
    public async Task ACoordinatorActsOnBehalfAndTheTimelineSaysSo()
    {
        var id = await bank.InStatusAsync("COMPLETED");

        var exchange = await bank.OkAsync("acknowledgeExchange", "coordinator", new { exchangeId = id });

        var last = exchange["timeline"]!.AsArray()[^1]!;
        Assert.Equal("acknowledge", (string?)last["action"]);
        Assert.Equal("maria", (string?)last["principal"]!["displayName"]);
    }
}
