using TimeBank.GraphQL.Tests.Infrastructure;

namespace TimeBank.GraphQL.Tests.Execution;

/// <summary>
/// A response carries at most <c>MaxErrors</c> errors and then one <c>TOO_MANY_ERRORS</c>; validation
/// stops once it has that many, so a document full of mistakes costs no more than one with a few.
/// </summary>
public sealed class ErrorLimitTests(ErrorLimitTests.Fixture fixture) : IClassFixture<ErrorLimitTests.Fixture>
{
    public sealed class Fixture : IAsyncLifetime
    {
        public const int MaxErrors = 5;

        public ToyServer Server { get; private set; } = null!;

        public async Task InitializeAsync() => Server = await ToyServer.StartAsync(options => options.MaxErrors = MaxErrors);

        public async Task DisposeAsync() => await Server.DisposeAsync();
    }

    [Fact]
    public async Task ValidationErrorsAreCutAtTheLimit()
    {
        var unknownFields = string.Join(' ', Enumerable.Range(0, 50).Select(i => $"unknown{i}"));

        var (status, _, body) = await fixture.Server.Http.PostGraphQLAsync($"{{ {unknownFields} }}");

        Assert.Equal(400, status);
        var errors = body["errors"]!.AsArray();
        Assert.Equal(Fixture.MaxErrors + 1, errors.Count);
        Assert.All(errors.Take(Fixture.MaxErrors), error => Assert.Equal("FIELDS_ON_CORRECT_TYPE", (string?)error!["extensions"]?["code"]));
        Assert.Equal("TOO_MANY_ERRORS", (string?)errors[^1]!["extensions"]?["code"]);
        Assert.Contains("unknown0", (string?)errors[0]!["message"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task FieldErrorsOfAnExecutedDocumentAreCutAtTheLimit()
    {
        var failingFields = string.Join(' ', Enumerable.Range(0, 20).Select(i => $"b{i}: boom"));

        var (status, _, body) = await fixture.Server.Http.PostGraphQLAsync($"{{ hello {failingFields} }}");

        Assert.Equal(200, status);
        Assert.Equal("world", (string?)body["data"]?["hello"]);
        var errors = body["errors"]!.AsArray();
        Assert.Equal(Fixture.MaxErrors + 1, errors.Count);
        Assert.Equal("INTERNAL_SERVER_ERROR", (string?)errors[0]!["extensions"]?["code"]);
        Assert.Equal("TOO_MANY_ERRORS", (string?)errors[^1]!["extensions"]?["code"]);
    }

    [Fact]
    public async Task ErrorsUpToTheLimitComeAsTheyAre()
    {
        var unknownFields = string.Join(' ', Enumerable.Range(0, Fixture.MaxErrors).Select(i => $"unknown{i}"));

        var (_, _, body) = await fixture.Server.Http.PostGraphQLAsync($"{{ {unknownFields} }}");

        var errors = body["errors"]!.AsArray();
        Assert.Equal(Fixture.MaxErrors, errors.Count);
        Assert.All(errors, error => Assert.Equal("FIELDS_ON_CORRECT_TYPE", (string?)error!["extensions"]?["code"]));
    }

    [Fact]
    public async Task OverWebSocketTheErrorMessageIsCutToo()
    {
        await using var client = await WsClient.ConnectAndInitAsync(fixture.Server.WebSocketAddress);
        var unknownFields = string.Join(' ', Enumerable.Range(0, 50).Select(i => $"unknown{i}"));

        await client.SubscribeAsync("1", $"{{ {unknownFields} }}");
        var message = await client.ReceiveAsync();

        Assert.Equal("error", (string?)message["type"]);
        var errors = message["payload"]!.AsArray();
        Assert.Equal(Fixture.MaxErrors + 1, errors.Count);
        Assert.Equal("TOO_MANY_ERRORS", (string?)errors[^1]!["extensions"]?["code"]);
    }
}
