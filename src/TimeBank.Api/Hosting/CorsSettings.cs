namespace TimeBank.Api.Hosting;

/// <summary>The <c>Cors</c> configuration section: which web pages on other origins may call the API from a browser.</summary>
public sealed class CorsSettings
{
    public const string Section = "Cors";

    /// <summary>
    /// Origins (<c>https://app.example.org</c>: scheme, host and port, no path) whose pages may call the API. None by
    /// default; in Development and with <c>--seed-demo</c> every <c>http(s)://localhost:port</c> and loopback address
    /// is allowed as well.
    /// </summary>
    public string[] AllowedOrigins { get; set; } = [];

    /// <summary>Request headers a page may send besides those GraphQL clients send anyway (added to them).</summary>
    public string[] AllowedHeaders { get; set; } = [];

    /// <summary>How long a browser may reuse a preflight's answer before asking again.</summary>
    public TimeSpan PreflightMaxAge { get; set; } = TimeSpan.FromMinutes(10);
}
