using System.Net;
using TimeBank.GraphQL.Tests.Infrastructure;

namespace TimeBank.GraphQL.Tests.Http;

/// <summary>
/// With <see cref="GraphQLServerOptions.IdeDirectory"/> set, a browser at the endpoint gets the built IDE's page, whose
/// files are served from the endpoint's <c>ide/</c> folder; while the folder has no page, the help page says how to
/// get one. No IDE is built here: each test writes a stand-in page of its own.
/// </summary>
public sealed class IdePageTests : IDisposable
{
    private const string BrowserAccept = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";
    private const string StandIn = """
        <!doctype html>
        <html><head><script type="module" src="./assets/ide-1234.js"></script></head><body>stand-in IDE</body></html>
        """;

    private readonly string _folder = Directory.CreateTempSubdirectory("ide-page-tests").FullName;

    [Fact]
    public async Task ABrowserGetsTheIdePageWithItsFilesUnderTheEndpoint()
    {
        Directory.CreateDirectory(Path.Combine(_folder, "assets"));
        await File.WriteAllTextAsync(Path.Combine(_folder, "index.html"), StandIn);
        await File.WriteAllTextAsync(Path.Combine(_folder, "assets", "ide-1234.js"), "console.log('ide');");
        await using var server = await ToyServer.StartAsync(options => options.IdeDirectory = _folder);

        using var page = await BrowseAsync(server, "/graphql");
        var html = await page.Content.ReadAsStringAsync();
        using var script = await server.Http.GetAsync("/graphql/ide/assets/ide-1234.js");

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        Assert.Contains("stand-in IDE", html, StringComparison.Ordinal);
        Assert.Contains("<base href=\"/graphql/ide/\">", html, StringComparison.Ordinal);
        Assert.True(page.Headers.CacheControl?.NoCache);
        Assert.Equal(HttpStatusCode.OK, script.StatusCode);
        Assert.Equal("console.log('ide');", await script.Content.ReadAsStringAsync());
        Assert.Contains("javascript", script.Content.Headers.ContentType?.MediaType, StringComparison.Ordinal);
        // Built files are named by their content, so a browser may keep them for good.
        Assert.True(script.Headers.CacheControl?.Public);
        Assert.Equal(TimeSpan.FromDays(365), script.Headers.CacheControl?.MaxAge);
    }

    [Fact]
    public async Task TheIdeFolderServesNothingOutsideIt()
    {
        await File.WriteAllTextAsync(Path.Combine(_folder, "index.html"), StandIn);
        await File.WriteAllTextAsync(Path.Combine(Path.GetDirectoryName(_folder)!, "secret.txt"), "secret");
        await using var server = await ToyServer.StartAsync(options => options.IdeDirectory = _folder);

        using var outside = await server.Http.GetAsync("/graphql/ide/..%2Fsecret.txt");
        using var missing = await server.Http.GetAsync("/graphql/ide/assets/none.js");

        Assert.Equal(HttpStatusCode.NotFound, outside.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Fact]
    public async Task WithoutABuiltIdeTheHelpPageSaysHowToGetIt()
    {
        await using var server = await ToyServer.StartAsync(options => options.IdeDirectory = _folder);

        using var page = await BrowseAsync(server, "/graphql");
        var html = await page.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("href=\"/graphql/sdl\"", html, StringComparison.Ordinal);
        Assert.Contains("install Node.js", html, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await server.Http.GetAsync("/graphql/ide/index.html")).StatusCode);
    }

    [Fact]
    public async Task WithoutAnIdeFolderTheHelpPageHasNoHint()
    {
        await using var server = await ToyServer.StartAsync();

        using var page = await BrowseAsync(server, "/graphql");

        Assert.DoesNotContain("Node.js", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static async Task<HttpResponseMessage> BrowseAsync(ToyServer server, string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.TryAddWithoutValidation("Accept", BrowserAccept);
        return await server.Http.SendAsync(request);
    }
}
