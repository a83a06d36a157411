using TimeBank.Api.Tests.Infrastructure;

namespace TimeBank.Api.Tests.Features.Exchanges;

/// <summary>Over graphql-transport-ws, each party hears what is addressed to it, and only that.</summary>
public sealed class ExchangeSubscriptionTests(ExchangesFixture bank) : IClassFixture<ExchangesFixture>
{
    private const string Acknowledgements = "subscription { acknowledgementReceived { minutes hours entrySequence exchange { id status actualMinutes } } }";

    [Fact]
    public async Task TheProviderReceivesTheAcknowledgementAndTheReceiverDoesNot()
    {
        var id = await bank.InStatusAsync("COMPLETED");
        using var provider = await SubscribeAsync("tom", Acknowledgements);
        using var receiver = await SubscribeAsync("maria", Acknowledgements);

        await bank.OkAsync("acknowledgeExchange", "maria", new { exchangeId = id });

        var next = await provider.ReceiveAsync();
        var acknowledgement = next["payload"]!["data"]!["acknowledgementReceived"]!;
        Assert.Equal(45, (int?)acknowledgement["minutes"]);
        Assert.Equal(0.75, (double?)acknowledgement["hours"]);
        Assert.Equal(id, (string?)acknowledgement["exchange"]!["id"]);
        Assert.Equal("SETTLED", (string?)acknowledgement["exchange"]!["status"]);
        await receiver.AssertNothingQueuedAsync();
    }

    [Fact]
    public async Task BothPartiesHearExchangeUpdatesAndOwnersTheirBalances()
    {
        var id = await bank.ProposeAsync(30);
        using var providerUpdates = await SubscribeAsync("tom", "subscription($id: ID) { exchangeUpdated(exchangeId: $id) { id status } }", new { id });
        using var receiverBalance = await SubscribeAsync("maria",
            "subscription { balanceChanged { memberId balanceMinutes availableMinutes account { availableMinutes } } }");
        using var providerBalance = await SubscribeAsync("tom", "subscription { balanceChanged { memberId availableMinutes } }");
        var before = await bank.AccountOfAsync("maria");

        await bank.OkAsync("acceptExchange", "tom", new { exchangeId = id });

        var update = await providerUpdates.ReceiveAsync();
        Assert.Equal("ACCEPTED", (string?)update["payload"]!["data"]!["exchangeUpdated"]!["status"]);
        var balance = (await receiverBalance.ReceiveAsync())["payload"]!["data"]!["balanceChanged"]!;
        Assert.Equal(bank.Member("maria"), (string?)balance["memberId"]);
        Assert.Equal(before.Available - 30, (long?)balance["availableMinutes"]);
        // A hold leaves the provider's balance and available minutes as they were.
        await providerBalance.AssertNothingQueuedAsync();
    }

    private async Task<GraphQLWebSocket> SubscribeAsync(string person, string query, object? variables = null)
    {
        var socket = await GraphQLWebSocket.ConnectAsync(bank.App, bank.Token(person));
        await socket.StartAsync("1", query, variables);
        return socket;
    }
}
