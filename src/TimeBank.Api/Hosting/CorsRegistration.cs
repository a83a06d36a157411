using Microsoft.Net.Http.Headers;
using TimeBank.Api.Features.Demo;

namespace TimeBank.Api.Hosting;

/// <summary>
/// Lets web pages on the allowed origins (<see cref="CorsSettings"/>) call the API from a browser: ASP.NET Core's CORS
/// for HTTP, and an <c>Origin</c> check on WebSocket handshakes, which browsers send from any page without asking.
/// </summary>
public static class CorsRegistration
{
    // What graphql-http, Apollo Client, urql and graphql-request send; Apollo's client-awareness headers included.
    private static readonly string[] ClientHeaders =
    [
        HeaderNames.Authorization, HeaderNames.ContentType, HeaderNames.Accept,
        "apollographql-client-name", "apollographql-client-version", "apollo-require-preflight", "x-apollo-operation-name",
    ];

    // A page reads these to tell an expired token (401 with the challenge) and a rate limit (429) apart, and an export's file name.
    private static readonly string[] ExposedHeaders = [HeaderNames.WWWAuthenticate, HeaderNames.RetryAfter, HeaderNames.ContentDisposition];

    public static WebApplicationBuilder AddTimeBankCors(this WebApplicationBuilder builder)
    {
        var settings = builder.Configuration.GetSection(CorsSettings.Section).Get<CorsSettings>() ?? new CorsSettings();
        var origins = new BrowserOrigins(
            settings.AllowedOrigins,
            allowLoopback: builder.Environment.IsDevelopment() || DemoRegistration.IsRequested(builder.Configuration));
        builder.Services.AddSingleton(origins);
        // No credentials: the API reads bearer tokens, never cookies, so a page has nothing to gain from sending them.
        builder.Services.AddCors(cors => cors.AddDefaultPolicy(policy => policy
            .SetIsOriginAllowed(origins.IsAllowed)
            .WithMethods(HttpMethods.Get, HttpMethods.Post)
            .WithHeaders([.. ClientHeaders, .. settings.AllowedHeaders])
            .WithExposedHeaders(ExposedHeaders)
            .SetPreflightMaxAge(settings.PreflightMaxAge)));
        return builder;
    }

    /// <summary>CORS for HTTP, then the WebSocket origin check; before everything that answers a request.</summary>
    public static WebApplication UseTimeBankCors(this WebApplication app)
    {
        app.UseCors();
        var origins = app.Services.GetRequiredService<BrowserOrigins>();
        app.Use((http, next) =>
        {
            // A request without Origin is not from a browser page (graphql-ws in Node, curl): the token decides.
            if (http.WebSockets.IsWebSocketRequest
                && http.Request.Headers.Origin.ToString() is { Length: > 0 } origin
                && !origins.IsAllowed(origin)
                && !BrowserOrigins.IsSameOrigin(origin, http.Request))
            {
                http.Response.StatusCode = StatusCodes.Status403Forbidden;
                return Task.CompletedTask;
            }
            return next(http);
        });
        return app;
    }
}
