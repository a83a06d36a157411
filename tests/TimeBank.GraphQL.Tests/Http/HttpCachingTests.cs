using System.Net;
using System.Text;
using TimeBank.GraphQL.Tests.Infrastructure;

namespace TimeBank.GraphQL.Tests.Http;

/// <summary>
/// What shared caches and browsers are told: GET answers vary by <c>Accept</c> and <c>Authorization</c>, answers to a
/// request that carried credentials (and every POST answer) are never stored, and the SDL has a strong validator
/// that a conditional GET can use (RFC 9110 §13.1.2, RFC 9111).
/// </summary>
public sealed class HttpCachingTests(ToyServerFixture fixture) : IClassFixture<ToyServerFixture>
{
    private const string BrowserAccept = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";

    [Theory]
    [InlineData("/graphql", BrowserAccept)]
    [InlineData("/graphql?query=%7Bhello%7D", HttpExtensions.GraphQLResponse)]
    [InlineData("/graphql?query=%7Bhello%7D", BrowserAccept)]
    public async Task AGetAnswerVariesByAcceptAndAuthorization(string target, string accept)
    {
        using var response = await SendAsync(HttpMethod.Get, target, accept);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Accept", response.Headers.Vary);
        Assert.Contains("Authorization", response.Headers.Vary);
    }

    [Fact]
    public async Task AnAnonymousGetAnswerIsNotForbiddenToCaches()
    {
        using var response = await SendAsync(HttpMethod.Get, "/graphql?query=%7Bhello%7D", HttpExtensions.GraphQLResponse);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False(response.Headers.CacheControl?.NoStore ?? false);
    }

    [Theory]
    [InlineData("X-Toy-User", "ann")]
    [InlineData("Authorization", "Bearer whatever")]
    public async Task AnAnswerToARequestWithCredentialsIsNeverStored(string header, string value)
    {
        using var get = await SendAsync(HttpMethod.Get, "/graphql?query=%7Bhello%7D", HttpExtensions.GraphQLResponse, (header, value));
        using var page = await SendAsync(HttpMethod.Get, "/graphql", BrowserAccept, (header, value));

        Assert.Equal(HttpStatusCode.OK, get.StatusCode);
        Assert.True(get.Headers.CacheControl?.NoStore);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.True(page.Headers.CacheControl?.NoStore);
    }

    [Theory]
    [InlineData("""{"query":"{ hello }"}""")]
    [InlineData("""{"query":"mutation { increment }"}""")]
    [InlineData("{")]
    public async Task APostAnswerIsNeverStored(string body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/graphql")
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };

        using var response = await fixture.Server.Http.SendAsync(request);

        Assert.True(response.Headers.CacheControl?.NoStore, $"HTTP {(int)response.StatusCode}");
    }

    [Fact]
    public async Task TheSdlHasAStrongValidatorAndMustBeRevalidated()
    {
        using var first = await fixture.Server.Http.GetAsync("/graphql/sdl");
        using var second = await fixture.Server.Http.GetAsync("/graphql/sdl");

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.NotNull(first.Headers.ETag);
        Assert.False(first.Headers.ETag.IsWeak);
        Assert.Equal(first.Headers.ETag, second.Headers.ETag);
        Assert.True(first.Headers.CacheControl?.NoCache);
        Assert.Contains("type Query {", await first.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{0}")]
    [InlineData("W/{0}")]
    [InlineData("*")]
    [InlineData("\"other\", {0}")]
    [InlineData("\"other\",W/{0}")]
    public async Task AMatchingIfNoneMatchGetsNotModified(string ifNoneMatch)
    {
        var etag = await SdlETagAsync();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/graphql/sdl");
        request.Headers.TryAddWithoutValidation("If-None-Match", string.Format(System.Globalization.CultureInfo.InvariantCulture, ifNoneMatch, etag));

        using var response = await fixture.Server.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.NotModified, response.StatusCode);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
        // A 304 carries the headers the 200 would have (RFC 9110 §15.4.5).
        Assert.Equal(etag, response.Headers.ETag?.ToString());
        Assert.True(response.Headers.CacheControl?.NoCache);
    }

    [Theory]
    [InlineData("\"other\"")]
    [InlineData("W/\"other\", \"another\"")]
    public async Task AnotherIfNoneMatchGetsTheSchema(string ifNoneMatch)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/graphql/sdl");
        request.Headers.TryAddWithoutValidation("If-None-Match", ifNoneMatch);

        using var response = await fixture.Server.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("type Query {", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private async Task<string> SdlETagAsync()
    {
        using var response = await fixture.Server.Http.GetAsync("/graphql/sdl");
        return response.Headers.ETag?.ToString() ?? throw new InvalidOperationException("the SDL has no ETag");
    }

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string target, string accept, (string Name, string Value)? header = null)
    {
        using var request = new HttpRequestMessage(method, target);
        request.Headers.TryAddWithoutValidation("Accept", accept);
        if (header is { } extra)
        {
            request.Headers.TryAddWithoutValidation(extra.Name, extra.Value);
        }
        return await fixture.Server.Http.SendAsync(request);
    }
}
