using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace TimeBank.GraphQL.Http;

/// <summary>
/// The schema as SDL, served with a strong entity tag (a SHA-256 of the text, computed once) so that tools and caches
/// revalidate instead of downloading it again: <c>If-None-Match</c> with the tag, a list holding it, its weak form or
/// <c>*</c> is answered 304 (RFC 9110 §13.1.2, weak comparison, by ASP.NET Core's file result). <c>no-cache</c>
/// because a deployment may change the schema at any time; <c>public</c> because it is the same for everyone.
/// </summary>
internal sealed class SdlDocument
{
    private const string ContentType = "text/plain; charset=utf-8";
    private const string CacheControl = "public, no-cache";

    private readonly byte[] _utf8;
    private readonly EntityTagHeaderValue _entityTag;

    public SdlDocument(string sdl)
    {
        _utf8 = Encoding.UTF8.GetBytes(sdl);
        _entityTag = new EntityTagHeaderValue("\"" + Convert.ToHexStringLower(SHA256.HashData(_utf8)) + "\"");
    }

    public IResult Result(HttpContext http)
    {
        // Set before the result runs: a 304 carries the same Cache-Control as the 200 would (RFC 9110 §15.4.5).
        http.Response.Headers.CacheControl = CacheControl;
        return Results.Bytes(_utf8, ContentType, entityTag: _entityTag);
    }
}
