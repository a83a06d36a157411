using System.Net;
using TimeBank.GraphQL.Tests.Infrastructure;

namespace TimeBank.GraphQL.Tests.Http;

public sealed class EndpointPageTests(ToyServerFixture fixture) : IClassFixture<ToyServerFixture>
{
    private const string BrowserAccept = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";

    [Fact]
    public async Task ABrowserGetsAPageThatLinksTheSchema()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/graphql");
        request.Headers.TryAddWithoutValidation("Accept", BrowserAccept);

        using var response = await fixture.Server.Http.SendAsync(request);
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("utf-8", response.Content.Headers.ContentType?.CharSet);
        Assert.Contains("href=\"/graphql/sdl\"", html, StringComparison.Ordinal);
        Assert.Contains("graphql-transport-ws", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script src=", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ThePagesFormGetsJson()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/graphql?query=%7Bhello%7D");
        request.Headers.TryAddWithoutValidation("Accept", BrowserAccept);

        using var response = await fixture.Server.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("""{"data":{"hello":"world"}}""", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task TheSchemaIsServedAsSdl()
    {
        using var response = await fixture.Server.Http.GetAsync("/graphql/sdl");
        var sdl = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("type Query {", sdl, StringComparison.Ordinal);
        Assert.Contains("type Subscription {", sdl, StringComparison.Ordinal);
        Assert.Contains("increment: Int!", sdl, StringComparison.Ordinal);
    }
}
