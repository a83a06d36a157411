using System.Net;
using Microsoft.AspNetCore.Http;

namespace TimeBank.GraphQL.Http;

/// <summary>
/// What a browser gets at the GraphQL endpoint: a small self-contained page saying how to call it, a
/// form that sends a query, and a link to the schema. No scripts or styles from elsewhere.
/// </summary>
internal static class EndpointPage
{
    public static Task WriteAsync(HttpContext http, string sdlPath, string? hint = null)
    {
        var hintLine = hint is null ? "" : $"<p><strong>{WebUtility.HtmlEncode(hint)}</strong></p>";
        var endpoint = WebUtility.HtmlEncode(http.Request.PathBase + http.Request.Path);
        var sdl = WebUtility.HtmlEncode(http.Request.PathBase + sdlPath);
        http.Response.StatusCode = StatusCodes.Status200OK;
        http.Response.ContentType = "text/html; charset=utf-8";
        return http.Response.WriteAsync($$"""
            <!doctype html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <title>GraphQL endpoint</title>
            <style>body{font:16px/1.5 system-ui,sans-serif;max-width:46rem;margin:2rem auto;padding:0 1rem}
            code,pre,textarea{font:14px ui-monospace,monospace}textarea{width:100%;height:8rem}</style>
            </head>
            <body>
            <h1>GraphQL endpoint</h1>
            {{hintLine}}
            <p>This address answers GraphQL requests, following GraphQL over HTTP:</p>
            <ul>
            <li><code>POST {{endpoint}}</code> with <code>Content-Type: application/json</code> and a body
            <code>{"query": "...", "operationName": "...", "variables": { } }</code>;</li>
            <li><code>GET {{endpoint}}?query=...</code> for queries (not mutations);</li>
            <li>WebSocket at the same address with the sub-protocol <code>graphql-transport-ws</code> for subscriptions.</li>
            </ul>
            <p>Ask for <code>application/graphql-response+json</code> in <code>Accept</code>. The schema is at
            <a href="{{sdl}}">{{sdl}}</a>.</p>
            <form method="get" action="{{endpoint}}">
            <p><label for="query">Try a query (the answer opens as JSON):</label></p>
            <textarea id="query" name="query">{ __typename }</textarea>
            <p><button type="submit">Run</button></p>
            </form>
            </body>
            </html>

            """);
    }
}
