using Microsoft.Extensions.DependencyInjection;
using TimeBank.GraphQL.Persisted;
using TimeBank.GraphQL.Tests.Infrastructure;

namespace TimeBank.GraphQL.Tests.Persisted;

public sealed class PersistedDocumentTests
{
    private const string Query = "{ hello }";
    private static readonly string Hash = InMemoryPersistedDocumentStore.Sha256Hex(Query);

    private static object PersistedQuery(string hash) => new { persistedQuery = new { version = 1, sha256Hash = hash } };

    [Fact]
    public async Task AnUnknownHashAsksForTheQueryThenTheHashAloneWorks()
    {
        await using var server = await ToyServer.StartAsync();

        var unknown = await server.Http.PostGraphQLAsync(null!, extensions: PersistedQuery(Hash), accept: "application/json");
        var registered = await server.Http.PostGraphQLAsync(Query, extensions: PersistedQuery(Hash));
        var byHash = await server.Http.PostGraphQLAsync(null!, extensions: PersistedQuery(Hash));

        Assert.Equal(200, unknown.Status);
        Assert.Equal("PERSISTED_QUERY_NOT_FOUND", unknown.Body.FirstErrorCode());
        Assert.Equal("PersistedQueryNotFound", (string?)unknown.Body["errors"]?[0]?["message"]);
        Assert.Equal("world", (string?)registered.Body["data"]?["hello"]);
        Assert.Equal(200, byHash.Status);
        Assert.Equal("world", (string?)byHash.Body["data"]?["hello"]);
    }

    [Fact]
    public async Task AHashThatDoesNotMatchTheQueryIsRefused()
    {
        await using var server = await ToyServer.StartAsync();

        var (status, _, body) = await server.Http.PostGraphQLAsync("{ echo(text: \"x\") }", extensions: PersistedQuery(Hash));

        Assert.Equal(400, status);
        Assert.Equal("PERSISTED_QUERY_HASH_MISMATCH", body.FirstErrorCode());
    }

    [Fact]
    public async Task ATrustedDocumentRunsByIdOverPostAndGet()
    {
        var store = new InMemoryPersistedDocumentStore();
        var id = store.Add(Query);
        await using var server = await ToyServer.StartAsync(services: s => s.AddSingleton<IPersistedDocumentStore>(store));

        var post = await server.Http.PostJsonAsync($$"""{"documentId":"{{id}}"}""");
        using var get = await server.Http.GetAsync($"/graphql?documentId={Uri.EscapeDataString(id)}");
        var unknown = await server.Http.PostJsonAsync("""{"documentId":"sha256:0000"}""");

        Assert.Equal("sha256:" + Hash, id);
        Assert.Equal("world", (string?)post.Body["data"]?["hello"]);
        Assert.Equal("""{"data":{"hello":"world"}}""", await get.Content.ReadAsStringAsync());
        Assert.Equal(400, unknown.Status);
        Assert.Equal("PERSISTED_DOCUMENT_NOT_FOUND", unknown.Body.FirstErrorCode());
    }

    [Fact]
    public async Task AnAutomaticPersistedQueryWorksOverGet()
    {
        await using var server = await ToyServer.StartAsync();
        var extensions = Uri.EscapeDataString($$$"""{"persistedQuery":{"version":1,"sha256Hash":"{{{Hash}}}"}}""");

        using var unknown = await server.Http.GetAsync($"/graphql?extensions={extensions}");
        using var register = await server.Http.GetAsync($"/graphql?query={Uri.EscapeDataString(Query)}&extensions={extensions}");
        using var byHash = await server.Http.GetAsync($"/graphql?extensions={extensions}");

        Assert.Contains("PERSISTED_QUERY_NOT_FOUND", await unknown.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal("""{"data":{"hello":"world"}}""", await register.Content.ReadAsStringAsync());
        Assert.Equal("""{"data":{"hello":"world"}}""", await byHash.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task ATrustedDocumentRunsByIdOverWebSocket()
    {
        var store = new InMemoryPersistedDocumentStore();
        var id = store.Add(Query);
        await using var server = await ToyServer.StartAsync(services: s => s.AddSingleton<IPersistedDocumentStore>(store));
        await using var client = await WsClient.ConnectAndInitAsync(server.WebSocketAddress);

        await client.SendAsync(new { type = "subscribe", id = "1", payload = new { documentId = id } });
        await client.SendAsync(new { type = "subscribe", id = "2", payload = new { documentId = "sha256:unknown" } });

        var messages = new[] { await client.ReceiveAsync(), await client.ReceiveAsync(), await client.ReceiveAsync() };
        Assert.Contains(messages, m => (string?)m["id"] == "1" && (string?)m["payload"]?["data"]?["hello"] == "world");
        Assert.Contains(messages, m => (string?)m["id"] == "2" && (string?)m["type"] == "error"
            && (string?)m["payload"]?[0]?["extensions"]?["code"] == "PERSISTED_DOCUMENT_NOT_FOUND");
    }

    [Fact]
    public async Task TrustedDocumentsOnlyRefusesFreeTextAndUnknownHashes()
    {
        var store = new InMemoryPersistedDocumentStore();
        var id = store.Add(Query);
        await using var server = await ToyServer.StartAsync(
            options => options.TrustedDocumentsOnly = true,
            services: s => s.AddSingleton<IPersistedDocumentStore>(store));

        var freeText = await server.Http.PostGraphQLAsync("{ echo(text: \"x\") }");
        var register = await server.Http.PostGraphQLAsync("{ echo(text: \"x\") }", extensions: PersistedQuery(InMemoryPersistedDocumentStore.Sha256Hex("{ echo(text: \"x\") }")));
        var trusted = await server.Http.PostJsonAsync($$"""{"documentId":"{{id}}"}""");
        var trustedByHash = await server.Http.PostGraphQLAsync(null!, extensions: PersistedQuery(Hash));

        Assert.Equal(400, freeText.Status);
        Assert.Equal("TRUSTED_DOCUMENT_REQUIRED", freeText.Body.FirstErrorCode());
        Assert.Equal("TRUSTED_DOCUMENT_REQUIRED", register.Body.FirstErrorCode());
        Assert.Equal("world", (string?)trusted.Body["data"]?["hello"]);
        Assert.Equal("world", (string?)trustedByHash.Body["data"]?["hello"]);
    }
}
