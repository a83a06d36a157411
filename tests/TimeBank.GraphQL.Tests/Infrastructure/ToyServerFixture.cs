namespace TimeBank.GraphQL.Tests.Infrastructure;

/// <summary>One toy server per test class, with limits small enough to reach in a test.</summary>
public sealed class ToyServerFixture : IAsyncLifetime
{
    public const int MaxBodyBytes = 4_096;

    public ToyServer Server { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Server = await ToyServer.StartAsync(options =>
        {
            options.MaxDepth = 5;
            options.MaxComplexity = 200;
            options.MaxBodyBytes = MaxBodyBytes;
            options.ExecutionTimeout = TimeSpan.FromMilliseconds(300);
            options.WebSocketMaxOperations = 3;
            options.WebSocketMaxMessageBytes = 8_192;
        });
        // The first request compiles the whole pipeline; on a busy machine that alone can pass the 300 ms timeout.
        await Server.Http.PostGraphQLAsync("{ items(first: 1) { name } }");
    }

    public async Task DisposeAsync() => await Server.DisposeAsync();
}
