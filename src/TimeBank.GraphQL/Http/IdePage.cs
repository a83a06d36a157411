using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Options;

namespace TimeBank.GraphQL.Http;

/// <summary>
/// What a browser gets at the endpoint: the built IDE of <see cref="GraphQLServerOptions.IdeDirectory"/> when it is
/// there, else the help page (saying how to get the IDE when one was expected).
/// </summary>
internal sealed class IdePage
{
    private const string IndexFile = "index.html";
    private const string MissingHint =
        "A full IDE (schema docs, autocomplete, variables, headers, subscriptions) is not built here: install Node.js and build the server again.";

    private readonly string? _folder;
    private readonly bool _expected;

    public IdePage(IOptions<GraphQLServerOptions> options)
    {
        var folder = options.Value.IdeDirectory;
        _expected = !string.IsNullOrEmpty(folder);
        // Decided once: the files' routes are mapped at start, and the page must not name files that are not served.
        _folder = _expected && File.Exists(Path.Combine(folder!, IndexFile)) ? Path.GetFullPath(folder!) : null;
    }

    public Task WriteAsync(HttpContext http, string sdlPath) =>
        _folder is null
            ? EndpointPage.WriteAsync(http, sdlPath, _expected ? MissingHint : null)
            : WriteIdeAsync(http);

    /// <summary>Serves the IDE's files under <c>{pattern}/ide/</c> when there is an IDE.</summary>
    public void MapFiles(IEndpointRouteBuilder endpoints, string pattern)
    {
        if (_folder is null)
        {
            return;
        }
        var files = endpoints.CreateApplicationBuilder();
        // The static-file middleware leaves requests that already found an endpoint alone, and this one has.
        files.Use((http, next) =>
        {
            http.SetEndpoint(null);
            return next(http);
        });
        files.UseStaticFiles(new StaticFileOptions
        {
            RequestPath = FilesPath(pattern),
            FileProvider = new PhysicalFileProvider(_folder),
            ContentTypeProvider = new FileExtensionContentTypeProvider(),
            OnPrepareResponse = file => file.Context.Response.Headers.CacheControl =
                // The bundler names built files by their content, so a browser may keep them; anything else is rechecked.
                file.Context.Request.Path.Value?.Contains("/assets/", StringComparison.Ordinal) == true
                    ? "public, max-age=31536000, immutable"
                    : "no-cache",
        });
        endpoints.MapMethods(FilesPath(pattern) + "/{**file}", [HttpMethods.Get, HttpMethods.Head], files.Build());
    }

    private static string FilesPath(string pattern) => pattern.TrimEnd('/') + "/ide";

    private async Task WriteIdeAsync(HttpContext http)
    {
        var html = await File.ReadAllTextAsync(Path.Combine(_folder!, IndexFile), http.RequestAborted);
        // The page is served at the endpoint but its files live under ide/: one <base> makes its relative links work
        // under any endpoint path and path base.
        var baseHref = WebUtility.HtmlEncode(http.Request.PathBase + FilesPath(http.Request.Path) + "/");
        var head = html.IndexOf("<head>", StringComparison.OrdinalIgnoreCase);
        var at = head < 0 ? 0 : head + "<head>".Length;
        html = html.Insert(at, $"<base href=\"{baseHref}\">");

        http.Response.StatusCode = StatusCodes.Status200OK;
        http.Response.ContentType = "text/html; charset=utf-8";
        http.Response.Headers.CacheControl = "no-cache";
        await http.Response.WriteAsync(html, http.RequestAborted);
    }
}
