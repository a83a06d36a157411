using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace TimeBank.GraphQL.Http;

/// <summary>
/// What caches are told about an answer at the GraphQL endpoint (RFC 9111). The address answers a page or JSON by
/// <c>Accept</c>, and its data may depend on who asks, so a GET answer varies by both. An answer to a request that
/// carried credentials is never stored; neither is a POST answer, which may hold a secret such as a new token
/// (RFC 6749 §5.1 asks for <c>no-store</c> there) even when the request carried none. An anonymous GET answer says
/// nothing more, so an operator may cache public queries in front of the API.
/// </summary>
internal static class CachingHeaders
{
    public const string NoStore = "no-store";

    public static void Apply(HttpContext http)
    {
        // Appended: middleware before this one (CORS) may already vary the answer by Origin.
        http.Response.Headers.Append(HeaderNames.Vary, "Accept, Authorization");
        if (HttpMethods.IsPost(http.Request.Method) || CarriesCredentials(http))
        {
            http.Response.Headers.CacheControl = NoStore;
        }
    }

    /// <summary>
    /// An <c>Authorization</c> header, valid or not, or a user that some other scheme (a cookie, a client certificate)
    /// signed in.
    /// </summary>
    private static bool CarriesCredentials(HttpContext http) =>
        http.Request.Headers.ContainsKey(HeaderNames.Authorization) || http.User.Identity?.IsAuthenticated == true;
}
