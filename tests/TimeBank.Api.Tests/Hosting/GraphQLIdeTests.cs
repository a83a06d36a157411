using System.Net;
using TimeBank.Api.Tests.Infrastructure;

namespace TimeBank.Api.Tests.Hosting;

/// <summary>
/// A browser at /graphql gets the GraphiQL IDE the build put next to the API's assembly, or, where no Node built it
/// (as in these tests' own folder), the help page saying how to get it. <c>GraphQL:IdeDirectory</c> points elsewhere.
/// </summary>
public sealed class GraphQLIdeTests
{
    private const string BrowserAccept = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";

    [Fact]
    public async Task WithoutABuiltIdeTheHelpPageSaysHowToGetIt()
    {
        await using var api = new TimeBankApplication();

        var (status, html) = await BrowseAsync(api.CreateClient());

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("/graphql/sdl", html, StringComparison.Ordinal);
        Assert.Contains("install Node.js and build the server again", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheConfiguredIdeIsServedAtTheEndpoint()
    {
        var folder = TempFolder.Create();
        try
        {
            await File.WriteAllTextAsync(Path.Combine(folder, "index.html"), "<!doctype html><html><head></head><body>built IDE</body></html>");
            await using var api = new TimeBankApplication();
            using var factory = api.WithWebHostBuilder(builder => builder.UseSetting("GraphQL:IdeDirectory", folder));

            var (status, html) = await BrowseAsync(factory.CreateClient());

            Assert.Equal(HttpStatusCode.OK, status);
            Assert.Contains("built IDE", html, StringComparison.Ordinal);
            Assert.Contains("<base href=\"/graphql/ide/\">", html, StringComparison.Ordinal);
        }
        finally
        {
            TempFolder.Delete(folder);
        }
    }

    private static async Task<(HttpStatusCode Status, string Html)> BrowseAsync(HttpClient http)
    {
        using (http)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/graphql");
            request.Headers.TryAddWithoutValidation("Accept", BrowserAccept);
            using var response = await http.SendAsync(request);
            return (response.StatusCode, await response.Content.ReadAsStringAsync());
        }
    }
}
