using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
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
        using var provider = await Subscriber.StartAsync(bank.App, bank.Token("tom"), Acknowledgements);
        using var receiver = await Subscriber.StartAsync(bank.App, bank.Token("maria"), Acknowledgements);

        await bank.OkAsync("acknowledgeExchange", "maria", new { exchangeId = id });

        var next = await provider.NextAsync(TimeSpan.FromSeconds(10));
        var acknowledgement = next!["payload"]!["data"]!["acknowledgementReceived"]!;
        Assert.Equal(45, (int?)acknowledgement["minutes"]);
        Assert.Equal(0.75, (double?)acknowledgement["hours"]);
        Assert.Equal(id, (string?)acknowledgement["exchange"]!["id"]);
        Assert.Equal("SETTLED", (string?)acknowledgement["exchange"]!["status"]);
        Assert.Null(await receiver.NextAsync(TimeSpan.FromSeconds(1)));
    }

    [Fact]
    public async Task BothPartiesHearExchangeUpdatesAndOwnersTheirBalances()
    {
        var id = await bank.ProposeAsync(30);
        using var providerUpdates = await Subscriber.StartAsync(bank.App, bank.Token("tom"),
            "subscription($id: ID) { exchangeUpdated(exchangeId: $id) { id status } }", new { id });
        using var receiverBalance = await Subscriber.StartAsync(bank.App, bank.Token("maria"),
            "subscription { balanceChanged { memberId balanceMinutes availableMinutes account { availableMinutes } } }");
        using var providerBalance = await Subscriber.StartAsync(bank.App, bank.Token("tom"),
            "subscription { balanceChanged { memberId availableMinutes } }");
        var before = await bank.AccountOfAsync("maria");

        await bank.OkAsync("acceptExchange", "tom", new { exchangeId = id });

        var update = await providerUpdates.NextAsync(TimeSpan.FromSeconds(10));
        Assert.Equal("ACCEPTED", (string?)update!["payload"]!["data"]!["exchangeUpdated"]!["status"]);
        var balance = (await receiverBalance.NextAsync(TimeSpan.FromSeconds(10)))!["payload"]!["data"]!["balanceChanged"]!;
        Assert.Equal(bank.Member("maria"), (string?)balance["memberId"]);
        Assert.Equal(before.Available - 30, (long?)balance["availableMinutes"]);
        // A hold leaves the provider's balance and available minutes as they were.
        Assert.Null(await providerBalance.NextAsync(TimeSpan.FromSeconds(1)));
    }

    /// <summary>One WebSocket with one subscription on it.</summary>
    private sealed class Subscriber : IDisposable
    {
        private readonly WebSocket _socket;
        private readonly byte[] _buffer = new byte[16384];
        private Task<WebSocketReceiveResult>? _pending;

        private Subscriber(WebSocket socket) => _socket = socket;

        public static async Task<Subscriber> StartAsync(TimeBankApplication app, string token, string query, object? variables = null)
        {
            var client = app.Server.CreateWebSocketClient();
            client.SubProtocols.Add("graphql-transport-ws");
            var subscriber = new Subscriber(await client.ConnectAsync(new Uri(app.Server.BaseAddress, "graphql"), CancellationToken.None));
            await subscriber.SendAsync(new { type = "connection_init", payload = new { Authorization = "Bearer " + token } });
            var ack = await subscriber.NextAsync(TimeSpan.FromSeconds(10));
            Assert.Equal("connection_ack", (string?)ack?["type"]);
            await subscriber.SendAsync(new { id = "1", type = "subscribe", payload = new { query, variables } });
            // The subscription is registered once the server has read the message; a ping round trip proves it did.
            await subscriber.SendAsync(new { type = "ping" });
            Assert.Equal("pong", (string?)(await subscriber.NextAsync(TimeSpan.FromSeconds(10)))?["type"]);
            return subscriber;
        }

        /// <summary>The next message, or null when none comes within <paramref name="wait"/>.</summary>
        public async Task<JsonNode?> NextAsync(TimeSpan wait)
        {
            _pending ??= _socket.ReceiveAsync(_buffer, CancellationToken.None);
            if (await Task.WhenAny(_pending, Task.Delay(wait)) != _pending)
            {
                return null;
            }
            var received = await _pending;
            _pending = null;
            return received.MessageType == WebSocketMessageType.Close ? null : JsonNode.Parse(Encoding.UTF8.GetString(_buffer, 0, received.Count));
        }

        private Task SendAsync(object message) =>
            _socket.SendAsync(JsonSerializer.SerializeToUtf8Bytes(message), WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None);

        public void Dispose() => _socket.Dispose();
    }
}
