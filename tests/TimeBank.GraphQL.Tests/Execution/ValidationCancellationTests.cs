using System.Text;
using GraphQL;
using GraphQL.Validation;
using GraphQLParser.AST;
using Microsoft.Extensions.DependencyInjection;
using TimeBank.GraphQL.Tests.Infrastructure;

namespace TimeBank.GraphQL.Tests.Execution;

/// <summary>
/// Validation is work the client pays for with its request: when the client goes, or the execution
/// timeout passes, no further node is validated. A rule that holds the first <c>hello</c> until the
/// request is cancelled stands in for a slow rule; what matters is what happens after it.
/// </summary>
public sealed class ValidationCancellationTests
{
    private const string Document = """{ hello a: echo(text: "a") b: echo(text: "b") c: echo(text: "c") tree { child { name } } }""";

    [Fact]
    public async Task ValidationStopsWhenTheClientDisconnects()
    {
        await using var server = await StartAsync(options => options.ExecutionTimeout = TimeSpan.FromMinutes(5));
        var probe = server.Services.GetRequiredService<ValidationProbe>();
        using var disconnect = new CancellationTokenSource();
        using var content = new StringContent($$"""{"query": {{System.Text.Json.JsonSerializer.Serialize(Document)}}}""", Encoding.UTF8, "application/json");

        var request = server.Http.PostAsync("/graphql", content, disconnect.Token);
        await probe.Held.Task;
        await disconnect.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => request);
        await server.Requests.WaitForOneToEndAsync();
        Assert.True(probe.Released);
        Assert.Equal(probe.NodesEnteredBeforeRelease, probe.NodesEntered);
    }

    [Fact]
    public async Task ValidationStopsWhenTheWebSocketDrops()
    {
        await using var server = await StartAsync(options => options.ExecutionTimeout = TimeSpan.FromMinutes(5));
        var probe = server.Services.GetRequiredService<ValidationProbe>();
        var client = await WsClient.ConnectAndInitAsync(server.WebSocketAddress);

        await client.SubscribeAsync("1", Document);
        await probe.Held.Task;
        client.Socket.Abort();
        client.Socket.Dispose();

        await server.Requests.WaitForOneToEndAsync();
        Assert.True(probe.Released);
        Assert.Equal(probe.NodesEnteredBeforeRelease, probe.NodesEntered);
    }

    [Fact]
    public async Task ValidationStopsAtTheExecutionTimeout()
    {
        await using var server = await StartAsync(options => options.ExecutionTimeout = TimeSpan.FromMilliseconds(100));
        var probe = server.Services.GetRequiredService<ValidationProbe>();

        var (status, _, body) = await server.Http.PostGraphQLAsync(Document);

        Assert.Equal(504, status);
        Assert.Equal("TIMEOUT", body.FirstErrorCode());
        Assert.True(probe.Released);
        Assert.Equal(probe.NodesEnteredBeforeRelease, probe.NodesEntered);
    }

    private static Task<ToyServer> StartAsync(Action<GraphQLServerOptions> configure) =>
        ToyServer.StartAsync(configure, services => services
            .AddSingleton<ValidationProbe>()
            .AddGraphQL(graphql => graphql.AddValidationRule<HoldingRule>()));

    /// <summary>What the holding rule saw: how many nodes were entered, and how many once it let go.</summary>
    public sealed class ValidationProbe
    {
        private int _nodesEntered;

        public TaskCompletionSource Held { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public int NodesEntered => Volatile.Read(ref _nodesEntered);

        public int NodesEnteredBeforeRelease { get; set; } = -1;

        public bool Released { get; set; }

        public void Entered() => Interlocked.Increment(ref _nodesEntered);
    }

    /// <summary>
    /// Counts every node it enters and holds the first <c>hello</c> until the request's token is cancelled,
    /// as CPU-bound work that does not look at the token would.
    /// </summary>
    public sealed class HoldingRule(ValidationProbe probe) : ValidationRuleBase
    {
        public override ValueTask<INodeVisitor?> GetPreNodeVisitorAsync(ValidationContext context) => new(new Visitor(probe));

        private sealed class Visitor(ValidationProbe probe) : INodeVisitor
        {
            public ValueTask EnterAsync(ASTNode node, ValidationContext context)
            {
                probe.Entered();
                if (node is GraphQLField field && field.Name.Value == "hello" && !probe.Held.Task.IsCompleted)
                {
                    probe.Held.SetResult();
                    probe.Released = context.CancellationToken.WaitHandle.WaitOne(TimeSpan.FromSeconds(30));
                    probe.NodesEnteredBeforeRelease = probe.NodesEntered;
                }
                return default;
            }

            public ValueTask LeaveAsync(ASTNode node, ValidationContext context) => default;
        }
    }
}
