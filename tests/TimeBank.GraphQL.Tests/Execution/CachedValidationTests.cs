using GraphQL.Validation;
using Microsoft.Extensions.DependencyInjection;
using TimeBank.GraphQL.Execution;
using TimeBank.GraphQL.Tests.Infrastructure;

namespace TimeBank.GraphQL.Tests.Execution;

/// <summary>
/// A cached document is validated with the rules it still needs, read from arrays built at start, and a cached query
/// without variables keeps its verdict; on a server with no rule of the host's own (as the API runs), so that this
/// path, not the general one, is what answers.
/// </summary>
public sealed class CachedValidationTests
{
    [Fact]
    public async Task ACachedQueryWithoutVariablesIsValidatedOnce()
    {
        await using var server = await ToyServer.StartAsync(authorizationRule: false);
        var validator = (CachingDocumentValidator)server.Services.GetRequiredService<IDocumentValidator>();

        // The first request parses and validates; the second validates the cached document with the rules left.
        await server.Http.PostGraphQLAsync("{ hello }");
        await server.Http.PostGraphQLAsync("{ hello }");
        var afterTwo = validator.Validations;
        for (var i = 0; i < 5; i++)
        {
            var (status, _, body) = await server.Http.PostGraphQLAsync("{ hello }");
            Assert.Equal(200, status);
            Assert.Equal("world", (string?)body["data"]?["hello"]);
        }

        Assert.Equal(2, afterTwo);
        Assert.Equal(afterTwo, validator.Validations);
    }

    [Fact]
    public async Task ACachedQueryWithVariablesIsValidatedEachTime()
    {
        await using var server = await ToyServer.StartAsync(authorizationRule: false);
        var validator = (CachingDocumentValidator)server.Services.GetRequiredService<IDocumentValidator>();

        for (var i = 0; i < 3; i++)
        {
            var (status, _, body) = await server.Http.PostGraphQLAsync("query($text: String!) { echo(text: $text) }", new { text = $"hi {i}" });
            Assert.Equal(200, status);
            Assert.Equal($"hi {i}", (string?)body["data"]?["echo"]);
        }

        Assert.Equal(3, validator.Validations);
    }

    [Fact]
    public async Task ACachedDocumentIsCheckedForCostWithEachRequestsVariables()
    {
        await using var server = await ToyServer.StartAsync(authorizationRule: false);
        const string query = "query($n: Int) { items(first: 10) { items(first: $n) { name } } }";

        var cheap = await server.Http.PostGraphQLAsync(query, new { n = 2 });
        var cheapAgain = await server.Http.PostGraphQLAsync(query, new { n = 2 });
        var costly = await server.Http.PostGraphQLAsync(query, new { n = 1_000 });

        Assert.Equal(200, cheap.Status);
        Assert.Equal(200, cheapAgain.Status);
        Assert.Equal(400, costly.Status);
        Assert.Equal("COMPLEXITY", costly.Body.FirstErrorCode());
    }

    [Fact]
    public async Task AMutationCachedFromPostIsStillRefusedOverGet()
    {
        await using var server = await ToyServer.StartAsync(authorizationRule: false);

        var post = await server.Http.PostGraphQLAsync("mutation { increment }");
        var postAgain = await server.Http.PostGraphQLAsync("mutation { increment }");
        using var get = await server.Http.GetAsync("/graphql?query=mutation%20%7B%20increment%20%7D");

        Assert.Equal(200, post.Status);
        Assert.Equal(200, postAgain.Status);
        Assert.Equal(System.Net.HttpStatusCode.MethodNotAllowed, get.StatusCode);
    }

    [Fact]
    public async Task AQueryKeptFromPostIsAnsweredOverGet()
    {
        await using var server = await ToyServer.StartAsync(authorizationRule: false);

        await server.Http.PostGraphQLAsync("{ hello }");
        await server.Http.PostGraphQLAsync("{ hello }");
        using var get = await server.Http.GetAsync("/graphql?query=%7B%20hello%20%7D");

        Assert.Equal(System.Net.HttpStatusCode.OK, get.StatusCode);
        Assert.Contains("\"world\"", await get.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
