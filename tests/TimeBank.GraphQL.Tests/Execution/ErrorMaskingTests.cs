using TimeBank.GraphQL.Tests.Infrastructure;

namespace TimeBank.GraphQL.Tests.Execution;

public sealed class ErrorMaskingTests
{
    [Fact]
    public async Task OutsideDevelopmentTheClientGetsACodeAndTraceIdButNoDetails()
    {
        await using var server = await ToyServer.StartAsync(environment: "Production");

        var (status, _, body) = await server.Http.PostGraphQLAsync("{ boom hello }");

        Assert.Equal(200, status);
        Assert.Equal("world", (string?)body["data"]?["hello"]);
        var error = body["errors"]![0]!;
        Assert.Equal("INTERNAL_SERVER_ERROR", (string?)error["extensions"]?["code"]);
        var traceId = (string?)error["extensions"]?["traceId"];
        Assert.Matches("^[0-9a-f]{32}$", traceId);
        Assert.DoesNotContain("secret detail", body.ToJsonString(), StringComparison.Ordinal);
        Assert.DoesNotContain("InvalidOperation", body.ToJsonString(), StringComparison.Ordinal);
        // The same trace id leads from the client's error to the logged exception.
        Assert.Contains(server.Logs.Entries, entry => entry.Contains(traceId!, StringComparison.Ordinal) && entry.Contains("secret detail", StringComparison.Ordinal));
    }

    [Fact]
    public async Task InDevelopmentTheClientSeesTheDetails()
    {
        await using var server = await ToyServer.StartAsync(environment: "Development");

        var (_, _, body) = await server.Http.PostGraphQLAsync("{ boom }");

        var error = body["errors"]![0]!;
        Assert.Equal("INTERNAL_SERVER_ERROR", (string?)error["extensions"]?["code"]);
        Assert.NotNull((string?)error["extensions"]?["traceId"]);
        Assert.Contains("secret detail", body.ToJsonString(), StringComparison.Ordinal);
    }
}
