using System.Net;
using System.Net.WebSockets;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using TimeBank.Api.Hosting;
using TimeBank.Api.Tests.Infrastructure;

namespace TimeBank.Api.Tests.Security;

/// <summary>
/// Browsers on other origins: a configured origin gets the CORS headers on the preflight and on the answer, any other
/// origin gets none (the browser then refuses the call), and a WebSocket upgrade that a browser sends from a refused
/// origin is answered 403 before the upgrade. Development and <c>--seed-demo</c> allow every loopback port; production
/// allows only what <c>Cors:AllowedOrigins</c> lists. Over a real Kestrel port, as browsers see it.
/// </summary>
public sealed class CorsTests
{
    private const string FrontEnd = "https://app.example.test";

    [Fact]
    public async Task APreflightFromAConfiguredOriginIsAnsweredWithTheCorsHeaders()
    {
        await using var api = Start(configure: b => b.UseSetting("Cors:AllowedOrigins:0", FrontEnd));

        using var response = await PreflightAsync(api, FrontEnd);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal(FrontEnd, Header(response, "Access-Control-Allow-Origin"));
        Assert.Equal(["GET", "POST"], Listed(response, "Access-Control-Allow-Methods").Order(StringComparer.Ordinal));
        Assert.Contains("authorization", Listed(response, "Access-Control-Allow-Headers"), StringComparer.OrdinalIgnoreCase);
        Assert.Contains("content-type", Listed(response, "Access-Control-Allow-Headers"), StringComparer.OrdinalIgnoreCase);
        Assert.Equal("600", Header(response, "Access-Control-Max-Age"));
        Assert.Null(Header(response, "Access-Control-Allow-Credentials"));
    }

    [Fact]
    public async Task APreflightFromAnotherOriginGetsNoAllowOrigin()
    {
        await using var api = Start(configure: b => b.UseSetting("Cors:AllowedOrigins:0", FrontEnd));

        using var response = await PreflightAsync(api, "https://elsewhere.example.test");

        Assert.Null(Header(response, "Access-Control-Allow-Origin"));
    }

    [Fact]
    public async Task AnAnswerToAConfiguredOriginNamesItAndExposesTheAuthChallenge()
    {
        await using var api = Start(configure: b => b.UseSetting("Cors:AllowedOrigins:0", FrontEnd + "/"));
        using var http = api.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/graphql")
        {
            Content = new StringContent("""{"query":"{ __typename }"}""", System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("Origin", FrontEnd);

        using var response = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(FrontEnd, Header(response, "Access-Control-Allow-Origin"));
        Assert.Contains("WWW-Authenticate", Listed(response, "Access-Control-Expose-Headers"), StringComparer.OrdinalIgnoreCase);
        Assert.Contains("Origin", response.Headers.Vary);
    }

    [Theory]
    [InlineData("http://localhost:5173")]
    [InlineData("http://127.0.0.1:8080")]
    public async Task ProductionAllowsNoOriginUnlessConfigured(string origin)
    {
        await using var api = Start(environment: "Production");

        using var response = await PreflightAsync(api, origin);

        Assert.Null(Header(response, "Access-Control-Allow-Origin"));
    }

    [Theory]
    [InlineData("http://localhost:5173", true)]
    [InlineData("http://127.0.0.1:8080", true)]
    [InlineData("https://localhost:3000", true)]
    [InlineData("http://localhost.example.test:5173", false)]
    [InlineData("http://example.test", false)]
    [InlineData("null", false)]
    public async Task DevelopmentAllowsEveryLoopbackPortAndNothingElse(string origin, bool allowed)
    {
        await using var api = Start(environment: "Development");

        using var response = await PreflightAsync(api, origin);

        Assert.Equal(allowed ? origin : null, Header(response, "Access-Control-Allow-Origin"));
    }

    [Fact]
    public async Task TheDemoAllowsLoopbackOriginsInProduction()
    {
        await using var api = Start(environment: "Production", seedDemo: true);

        using var response = await PreflightAsync(api, "http://localhost:5173");

        Assert.Equal("http://localhost:5173", Header(response, "Access-Control-Allow-Origin"));
    }

    [Theory]
    [InlineData("*")]
    [InlineData("app.example.test")]
    [InlineData("https://app.example.test/path")]
    public void AnOriginThatIsNotAnOriginStopsTheStart(string configured)
    {
        // The host turns this into its one-line "cannot start" message (HostLifecycleTests shows how).
        var error = Assert.Throws<StartupException>(() => new BrowserOrigins([configured], allowLoopback: false));

        Assert.Contains("Cors:AllowedOrigins", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AWebSocketFromARefusedOriginIsRefusedBeforeTheUpgrade()
    {
        await using var api = Start(configure: b => b.UseSetting("Cors:AllowedOrigins:0", FrontEnd));
        using var socket = new ClientWebSocket();
        socket.Options.AddSubProtocol("graphql-transport-ws");
        socket.Options.SetRequestHeader("Origin", "https://elsewhere.example.test");
        socket.Options.CollectHttpResponseDetails = true;

        await Assert.ThrowsAsync<WebSocketException>(() => socket.ConnectAsync(WebSocketAddress(api), CancellationToken.None));

        Assert.Equal(HttpStatusCode.Forbidden, socket.HttpStatusCode);
    }

    [Theory]
    [InlineData(FrontEnd)]
    [InlineData(null)]
    [InlineData("same origin")]
    public async Task AWebSocketFromAnAllowedOriginOrWithoutOneIsAccepted(string? origin)
    {
        await using var api = Start(configure: b => b.UseSetting("Cors:AllowedOrigins:0", FrontEnd));
        using var socket = new ClientWebSocket();
        socket.Options.AddSubProtocol("graphql-transport-ws");
        var address = WebSocketAddress(api);
        if (origin is not null)
        {
            // A page served by the API itself (its IDE) sends its own origin.
            socket.Options.SetRequestHeader("Origin", origin == "same origin" ? $"http://{address.Authority}" : origin);
        }

        await socket.ConnectAsync(address, CancellationToken.None);

        Assert.Equal(WebSocketState.Open, socket.State);
        await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
    }

    private static Api Start(string environment = "Testing", bool seedDemo = false, Action<IWebHostBuilder>? configure = null)
    {
        var application = new TimeBankApplication { SeedDemo = seedDemo };
        var factory = application.WithWebHostBuilder(builder =>
        {
            builder.UseEnvironment(environment);
            configure?.Invoke(builder);
        });
        factory.UseKestrel(ApiProcess.FreePort());
        return new Api(application, factory);
    }

    /// <summary>The API on its own data folder, with the host settings of one test.</summary>
    private sealed class Api(TimeBankApplication application, WebApplicationFactory<Program> factory) : IAsyncDisposable
    {
        public HttpClient CreateClient() => factory.CreateClient();

        public async ValueTask DisposeAsync()
        {
            await factory.DisposeAsync();
            await application.DisposeAsync();
        }
    }

    private static async Task<HttpResponseMessage> PreflightAsync(Api api, string origin)
    {
        using var http = api.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Options, "/graphql");
        request.Headers.Add("Origin", origin);
        request.Headers.Add("Access-Control-Request-Method", "POST");
        request.Headers.Add("Access-Control-Request-Headers", "authorization,content-type");
        return await http.SendAsync(request);
    }

    private static Uri WebSocketAddress(Api api)
    {
        using var http = api.CreateClient();
        return new UriBuilder(http.BaseAddress!) { Scheme = "ws", Path = "/graphql" }.Uri;
    }

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? string.Join(",", values) : null;

    private static string[] Listed(HttpResponseMessage response, string name) =>
        (Header(response, name) ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
}
