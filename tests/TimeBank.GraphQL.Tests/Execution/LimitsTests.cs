using System.Net;
using System.Text;
using TimeBank.GraphQL.Tests.Infrastructure;

namespace TimeBank.GraphQL.Tests.Execution;

/// <summary>The fixture allows depth 5, complexity 200, bodies of 4 KB and 300 ms of execution.</summary>
public sealed class LimitsTests(ToyServerFixture fixture) : IClassFixture<ToyServerFixture>
{
    [Fact]
    public async Task ADocumentWithinTheDepthLimitRuns()
    {
        var (status, _, body) = await fixture.Server.Http.PostGraphQLAsync("{ tree { child { child { child { name } } } } }");

        Assert.Equal(200, status);
        Assert.Equal("node", (string?)body["data"]?["tree"]?["child"]?["child"]?["child"]?["name"]);
    }

    [Fact]
    public async Task ATooDeepDocumentIsRefused()
    {
        var (status, _, body) = await fixture.Server.Http.PostGraphQLAsync("{ tree { child { child { child { child { child { name } } } } } } }");

        Assert.Equal(400, status);
        Assert.Equal("QUERY_TOO_DEEP", body.FirstErrorCode());
        Assert.Contains("deep", (string?)body["errors"]?[0]?["message"], StringComparison.OrdinalIgnoreCase);
        Assert.Null(body["data"]);
    }

    [Fact]
    public async Task ListsCostByTheirFirstArgument()
    {
        var cheap = await fixture.Server.Http.PostGraphQLAsync("{ items(first: 10) { name items(first: 5) { name } } }");
        var costly = await fixture.Server.Http.PostGraphQLAsync("{ items(first: 10) { name items(first: 50) { name } } }");

        Assert.Equal(200, cheap.Status);
        Assert.Equal(10, cheap.Body["data"]?["items"]?.AsArray().Count);
        Assert.Equal(400, costly.Status);
        Assert.Equal("COMPLEXITY", costly.Body.FirstErrorCode());
        Assert.Contains("complex", (string?)costly.Body["errors"]?[0]?["message"], StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task CostIsCheckedAgainForACachedDocumentWithOtherVariables()
    {
        const string query = "query($n: Int) { items(first: 10) { items(first: $n) { name } } }";

        var cheap = await fixture.Server.Http.PostGraphQLAsync(query, new { n = 2 });
        var costly = await fixture.Server.Http.PostGraphQLAsync(query, new { n = 100 });

        Assert.Equal(200, cheap.Status);
        Assert.Equal(400, costly.Status);
    }

    [Fact]
    public async Task ABodyOverTheLimitIs413()
    {
        var padding = new string(' ', ToyServerFixture.MaxBodyBytes);
        using var content = new StringContent($$"""{"query":"{ hello }"{{padding}}}""", Encoding.UTF8, "application/json");

        using var response = await fixture.Server.Http.PostAsync("/graphql", content);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Fact]
    public async Task AChunkedBodyOverTheLimitIs413()
    {
        var padding = new string(' ', ToyServerFixture.MaxBodyBytes);
        using var content = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes($$"""{"query":"{ hello }"{{padding}}}""")));
        content.Headers.ContentType = new("application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/graphql") { Content = content };
        request.Headers.TransferEncodingChunked = true;

        using var response = await fixture.Server.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Fact]
    public async Task AnOperationOverTheTimeoutStopsWithATimeoutError()
    {
        var legacy = await fixture.Server.Http.PostGraphQLAsync("{ slow }", accept: "application/json");
        var (status, _, body) = await fixture.Server.Http.PostGraphQLAsync("{ slow }");

        Assert.Equal(200, legacy.Status);
        Assert.Equal("TIMEOUT", legacy.Body.FirstErrorCode());
        Assert.Equal(504, status);
        Assert.Equal("TIMEOUT", body.FirstErrorCode());
        Assert.Null(body["data"]);
    }
}
