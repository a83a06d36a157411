using GraphQL.DI;
using Microsoft.Extensions.DependencyInjection;
using TimeBank.GraphQL.Execution;
using TimeBank.GraphQL.Tests.Infrastructure;

namespace TimeBank.GraphQL.Tests.Execution;

public sealed class DocumentCacheTests
{
    [Fact]
    public async Task ARepeatedDocumentIsCachedAndStillAuthorizedPerUser()
    {
        await using var server = await ToyServer.StartAsync();
        var cache = server.Services.GetServices<IConfigureExecution>().OfType<DocumentCache>().Single();

        var admin = await server.Http.PostJsonAsync("""{"query":"{ admin }"}""", user: "ann,admin");
        var cached = cache.Count;
        var other = await server.Http.PostJsonAsync("""{"query":"{ admin }"}""", user: "bob");
        var adminAgain = await server.Http.PostJsonAsync("""{"query":"{ admin }"}""", user: "ann,admin");

        Assert.Equal(200, admin.Status);
        Assert.Equal(1, cached);
        // The authorization rule ran on the cached document: bob is refused although ann's request cached it.
        Assert.Equal(403, other.Status);
        Assert.Equal("FORBIDDEN", other.Body.FirstErrorCode());
        Assert.Equal("secret", (string?)adminAgain.Body["data"]?["admin"]);
        Assert.Equal(1, cache.Count);
    }

    [Fact]
    public async Task TheCacheHoldsAtMostItsCharacterBudget()
    {
        await using var server = await ToyServer.StartAsync(options => options.DocumentCacheMaxCharacters = 10_000);
        var cache = server.Services.GetServices<IConfigureExecution>().OfType<DocumentCache>().Single();

        // Comments make each document long and unique; nothing else about them costs.
        for (var i = 0; i < 10; i++)
        {
            var (status, _, _) = await server.Http.PostGraphQLAsync($"{{ hello }} # {i} {new string('x', 3_000)}");
            Assert.Equal(200, status);
            Assert.True(cache.Characters <= 10_000, $"{cache.Characters} characters cached");
        }
        Assert.InRange(cache.Count, 1, 3);
    }

    [Fact]
    public async Task AMutationCachedFromPostIsStillRefusedOverGet()
    {
        await using var server = await ToyServer.StartAsync();

        var post = await server.Http.PostGraphQLAsync("mutation { increment }");
        using var get = await server.Http.GetAsync("/graphql?query=mutation%20%7B%20increment%20%7D");

        Assert.Equal(200, post.Status);
        Assert.Equal(System.Net.HttpStatusCode.MethodNotAllowed, get.StatusCode);
    }
}
