namespace TimeBank.Api.Tests.Infrastructure;

/// <summary>
/// Waits for an effect that happens on another task (a background job's run, an outbox dispatch, a subscriber
/// registering), never for a time: the condition is polled until it holds, and the wait fails, naming
/// what it waited for, when it does not hold within <see cref="Timeout"/>. For "nothing arrives" on a WebSocket, use
/// <see cref="GraphQLWebSocket.AssertNothingQueuedAsync"/> instead.
/// </summary>
public static class Wait
{
    /// <summary>How long an effect may take on a loaded CI machine before the test fails.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(10);

    public static Task UntilAsync(Func<bool> condition, string what) => UntilAsync(() => Task.FromResult(condition()), what);

    public static async Task UntilAsync(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow + Timeout;
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"waited {Timeout.TotalSeconds} s for {what}");
            await Task.Delay(Poll);
        }
    }
}
