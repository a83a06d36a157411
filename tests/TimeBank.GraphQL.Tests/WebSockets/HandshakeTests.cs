using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using TimeBank.GraphQL.Tests.Infrastructure;

namespace TimeBank.GraphQL.Tests.WebSockets;

/// <summary>
/// Clients that speak another subprotocol, or none, or vanish mid-frame (issue 12, finding 9): each gets a clear
/// answer, and none of them leaves an error in the server's log, because a client's mistake is not a server failure.
/// Raw TCP, so the test sees exactly what a browser or the ws package would.
/// </summary>
public sealed class HandshakeTests
{
    [Fact]
    public async Task ALegacyGraphqlWsClientIsRefusedAtTheHandshakeWithACodedReason()
    {
        await using var server = await ToyServer.StartAsync();
        using var tcp = await ConnectAsync(server);

        var response = await HandshakeAsync(tcp, "graphql-ws");
        await server.Requests.WaitForOneToEndAsync();

        Assert.StartsWith("HTTP/1.1 400", response, StringComparison.Ordinal);
        var body = JsonNode.Parse(response[(response.IndexOf("\r\n\r\n", StringComparison.Ordinal) + 4)..])!;
        Assert.Equal("BAD_REQUEST", (string?)body["errors"]?[0]?["extensions"]?["code"]);
        Assert.Contains("graphql-transport-ws", (string?)body["errors"]?[0]?["message"], StringComparison.Ordinal);
        Assert.Empty(server.Logs.Entries);
    }

    [Fact]
    public async Task AClientOfferingNoSubprotocolGets4406EvenIfItNeverAnswersTheClose()
    {
        await using var server = await ToyServer.StartAsync();
        await using var client = await WsClient.ConnectAsync(server.WebSocketAddress, subProtocol: null);

        var (status, _, _) = await client.ReceiveCloseAsync();
        client.Socket.Abort();
        await server.Requests.WaitForOneToEndAsync();

        Assert.Equal(4406, status);
        Assert.Empty(server.Logs.Entries);
    }

    [Fact]
    public async Task AClientThatDropsTheConnectionMidFrameLeavesNothingInTheLog()
    {
        await using var server = await ToyServer.StartAsync();
        using var tcp = await ConnectAsync(server);
        Assert.StartsWith("HTTP/1.1 101", await HandshakeAsync(tcp, "graphql-transport-ws"), StringComparison.Ordinal);

        // A masked text frame announcing 100 bytes, of which 10 arrive before the connection is cut.
        await tcp.GetStream().WriteAsync(new byte[] { 0x81, 0x80 | 100, 1, 2, 3, 4 }.Concat(new byte[10]).ToArray());
        tcp.Client.Shutdown(SocketShutdown.Both);
        tcp.Close();
        await server.Requests.WaitForOneToEndAsync();

        Assert.Empty(server.Logs.Entries);
    }

    private static async Task<TcpClient> ConnectAsync(ToyServer server)
    {
        var tcp = new TcpClient();
        await tcp.ConnectAsync(server.HttpAddress.Host, server.HttpAddress.Port);
        return tcp;
    }

    /// <summary>Sends an upgrade request offering <paramref name="subprotocol"/>; returns the response head (and body, if any).</summary>
    private static async Task<string> HandshakeAsync(TcpClient tcp, string subprotocol)
    {
        var request = "GET /graphql HTTP/1.1\r\nHost: localhost\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
            + $"Sec-WebSocket-Protocol: {subprotocol}\r\n\r\n";
        var stream = tcp.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(request));
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var buffer = new byte[8192];
        var received = new StringBuilder();
        while (true)
        {
            var count = await stream.ReadAsync(buffer, timeout.Token);
            received.Append(Encoding.UTF8.GetString(buffer, 0, count));
            var text = received.ToString();
            var headEnd = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
            if (count == 0 || (headEnd >= 0 && (text.StartsWith("HTTP/1.1 101", StringComparison.Ordinal) || HasWholeBody(text, headEnd))))
            {
                return text;
            }
        }
    }

    private static bool HasWholeBody(string text, int headEnd)
    {
        var lengthLine = text[..headEnd].Split("\r\n").First(l => l.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase));
        var length = int.Parse(lengthLine["Content-Length:".Length..].Trim(), System.Globalization.CultureInfo.InvariantCulture);
        return Encoding.UTF8.GetByteCount(text[(headEnd + 4)..]) >= length;
    }
}
