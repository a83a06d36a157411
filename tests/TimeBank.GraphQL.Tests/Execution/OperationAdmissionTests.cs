using System.Net;
using System.Text;
using System.Threading.RateLimiting;
using GraphQLParser.AST;
using Microsoft.Extensions.DependencyInjection;
using TimeBank.GraphQL.Admission;
using TimeBank.GraphQL.Tests.Infrastructure;

namespace TimeBank.GraphQL.Tests.Execution;

/// <summary>
/// A host's <c>PartitionedRateLimiter&lt;GraphQLOperation&gt;</c> is asked once the operation is known: here two
/// mutations per signed-in user (per address when anonymous), never replenished, and no limit on anything else. A refused operation does not run;
/// HTTP says 429 with <c>Retry-After</c>, WebSocket an <c>error</c> message, and the socket stays open.
/// </summary>
public sealed class OperationAdmissionTests : IAsyncLifetime
{
    private const int MutationsPerUser = 2;
    private const string Increment = """{"query":"mutation { increment }"}""";

    private ToyServer _server = null!;

    public async Task InitializeAsync() =>
        _server = await ToyServer.StartAsync(services: services => services.AddSingleton(PartitionedRateLimiter.Create<GraphQLOperation, string>(operation =>
            operation.Type == OperationType.Mutation && (operation.User.Identity?.Name ?? operation.RemoteAddress?.ToString()) is { } caller
                ? RateLimitPartition.GetFixedWindowLimiter(caller, _ => new FixedWindowRateLimiterOptions
                {
                    PermitLimit = MutationsPerUser,
                    Window = TimeSpan.FromHours(1),
                    AutoReplenishment = false,
                })
                : RateLimitPartition.GetNoLimiter(""))));

    [Fact]
    public async Task AMutationOverTheLimitIsRefusedWith429AndDoesNotRun()
    {
        for (var i = 0; i < MutationsPerUser; i++)
        {
            Assert.Equal(200, (await _server.Http.PostJsonAsync(Increment, user: "ann")).Status);
        }

        using var refused = await PostAsync(Increment, "ann");
        var body = await refused.Content.ReadAsStringAsync();
        var bob = await _server.Http.PostJsonAsync(Increment, user: "bob");

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.True(refused.Headers.RetryAfter?.Delta >= TimeSpan.FromSeconds(1), $"Retry-After: {refused.Headers.RetryAfter}");
        Assert.Contains("\"code\":\"RATE_LIMITED\"", body, StringComparison.Ordinal);
        Assert.DoesNotContain("\"data\"", body, StringComparison.Ordinal);
        // Another user is not limited, and finds the counter where ann's two mutations left it.
        Assert.Equal(MutationsPerUser + 1, (int?)bob.Body["data"]?["increment"]);
    }

    [Fact]
    public async Task TheOperationChosenByOperationNameIsTheOneAsked()
    {
        for (var i = 0; i < MutationsPerUser; i++)
        {
            await _server.Http.PostJsonAsync(Increment, user: "cid");
        }

        // One document, two operations: the limiter is asked about the one that runs, and decides by its type.
        var query = await _server.Http.PostJsonAsync("""{"query":"query A { hello } mutation B { increment }","operationName":"A"}""", user: "cid");
        var mutation = await _server.Http.PostJsonAsync("""{"query":"query A { hello } mutation B { increment }","operationName":"B"}""", user: "cid");

        Assert.Equal("world", (string?)query.Body["data"]?["hello"]);
        Assert.Equal(429, mutation.Status);
    }

    [Fact]
    public async Task AnInvalidMutationCostsNothing()
    {
        for (var i = 0; i <= MutationsPerUser; i++)
        {
            var invalid = await _server.Http.PostJsonAsync("""{"query":"mutation { increment nope }"}""", user: "dee");
            Assert.Equal(400, invalid.Status);
            Assert.NotEqual("RATE_LIMITED", invalid.Body.FirstErrorCode());
        }

        Assert.Equal(200, (await _server.Http.PostJsonAsync(Increment, user: "dee")).Status);
    }

    [Fact]
    public async Task AMutationOverTheLimitOnAWebSocketGetsAnErrorAndTheSocketStaysOpen()
    {
        // Sockets are anonymous on the toy server, so they are counted by their address.
        await using var socket = await WsClient.ConnectAndInitAsync(_server.WebSocketAddress);
        for (var i = 0; i < MutationsPerUser; i++)
        {
            await socket.SubscribeAsync($"m{i}", "mutation { increment }");
            Assert.Equal("next", (string?)(await socket.ReceiveAsync())["type"]);
            Assert.Equal("complete", (string?)(await socket.ReceiveAsync())["type"]);
        }

        await socket.SubscribeAsync("over", "mutation { increment }");
        var refused = await socket.ReceiveAsync();
        await socket.SubscribeAsync("query", "{ hello }");
        var answered = await socket.ReceiveAsync();

        Assert.Equal("error", (string?)refused["type"]);
        Assert.Equal("over", (string?)refused["id"]);
        Assert.Equal("RATE_LIMITED", (string?)refused["payload"]?[0]?["extensions"]?["code"]);
        Assert.True((int?)refused["payload"]?[0]?["extensions"]?["retryAfter"] >= 1);
        Assert.Equal("next", (string?)answered["type"]);
        Assert.Equal("world", (string?)answered["payload"]?["data"]?["hello"]);
    }

    private async Task<HttpResponseMessage> PostAsync(string json, string user)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/graphql") { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        request.Headers.Add("X-Toy-User", user);
        return await _server.Http.SendAsync(request);
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();
}
