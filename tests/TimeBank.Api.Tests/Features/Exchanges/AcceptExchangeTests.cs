namespace TimeBank.Api.Tests.Features.Exchanges;

public sealed class AcceptExchangeTests(ExchangesFixture bank) : IClassFixture<ExchangesFixture>
{
    [Fact]
    public async Task AReceiverAtTheFloorCannotAcceptAndIsToldWhatIsAvailable()
    {
        // poor has the 60-minute joining grant and the default floor of -600: 660 minutes to spend.
        var first = await bank.ProposeAsync(600, receiver: "poor");
        await bank.OkAsync("acceptExchange", "tom", new { exchangeId = first });
        var second = await bank.ProposeAsync(61, receiver: "poor");
        var before = bank.Fingerprint();

        var response = await bank.MutateAsync("acceptExchange", bank.Token("tom"), new { exchangeId = second });

        var error = response["data"]!["acceptExchange"]!["errors"]!.AsArray().Single()!;
        Assert.Equal("INSUFFICIENT_CREDIT", (string?)error["code"]);
        Assert.Contains("60 minutes available", (string?)error["message"], StringComparison.Ordinal);
        Assert.Equal(before, bank.Fingerprint());

        var exact = await bank.ProposeAsync(60, receiver: "poor");
        Assert.Equal("ACCEPTED", (string?)(await bank.OkAsync("acceptExchange", "tom", new { exchangeId = exact }))["status"]);
        Assert.Equal((60, -600), await bank.AccountOfAsync("poor"));
        Assert.Empty(await bank.ReconcileAsync());
    }

    [Fact]
    public async Task CancellingAnAcceptedExchangeReleasesTheHold()
    {
        var before = await bank.AccountOfAsync("maria");
        var id = await bank.InStatusAsync("ACCEPTED", minutes: 30);
        Assert.Equal((before.Balance, before.Available - 30), await bank.AccountOfAsync("maria"));

        var exchange = await bank.OkAsync("cancelExchange", "tom", new { exchangeId = id });

        Assert.Equal("CANCELLED", (string?)exchange["status"]);
        Assert.Equal(before, await bank.AccountOfAsync("maria"));
        Assert.Equal(0, bank.EntriesOf(id));
        Assert.Empty(await bank.ReconcileAsync());
    }
}
