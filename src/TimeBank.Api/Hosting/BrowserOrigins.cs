namespace TimeBank.Api.Hosting;

/// <summary>
/// Decides whether a page on a given origin may use the API: the one list that both CORS and the WebSocket
/// handshake read, so a page that may fetch may also subscribe, and no other may do either.
/// </summary>
public sealed class BrowserOrigins
{
    private readonly HashSet<string> _listed;
    private readonly bool _allowLoopback;

    /// <param name="listed">Configured origins, each an absolute http(s) origin.</param>
    /// <param name="allowLoopback">Also allow every port of this machine, as a developer's front-end dev server needs.</param>
    public BrowserOrigins(IEnumerable<string> listed, bool allowLoopback)
    {
        _listed = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var origin in listed)
        {
            _listed.Add(Normalize(origin)
                ?? throw new StartupException($"Cors:AllowedOrigins has '{origin}', which is not an origin; list each as scheme://host[:port], for example https://app.example.org."));
        }
        _allowLoopback = allowLoopback;
    }

    /// <summary>Whether a browser's <c>Origin</c> header names a page that may call the API.</summary>
    public bool IsAllowed(string origin)
    {
        if (!TryParse(origin, out var uri))
        {
            return false;
        }
        return (_allowLoopback && uri.IsLoopback) || _listed.Contains(uri.GetLeftPart(UriPartial.Authority));
    }

    /// <summary>
    /// A page served by the API itself (its IDE) sends its own origin, which is always allowed: compared by host and
    /// port only, as a proxy that ends TLS in front of the API passes on plain HTTP.
    /// </summary>
    public static bool IsSameOrigin(string origin, HttpRequest request) =>
        TryParse(origin, out var uri) && string.Equals(uri.Authority, request.Host.Value, StringComparison.OrdinalIgnoreCase);

    private static string? Normalize(string origin) =>
        TryParse(origin.TrimEnd('/'), out var uri) ? uri.GetLeftPart(UriPartial.Authority) : null;

    // A browser's Origin is scheme://host[:port] and nothing more; "null" (sandboxed pages, files) is never allowed.
    private static bool TryParse(string origin, out Uri uri) =>
        Uri.TryCreate(origin, UriKind.Absolute, out uri!)
        && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
        && uri.UserInfo.Length == 0
        && uri.PathAndQuery == "/"
        && uri.Fragment.Length == 0
        && !origin.EndsWith('/');
}
