using System.Text.Json;
using TimeBank.Api.Schema;

namespace TimeBank.Api.Features.Audit.Exports;

/// <summary>A refused export, answered in the shape of a GraphQL error, so a client reads one kind of error body.</summary>
internal static class ExportErrors
{
    public static Task WriteAsync(HttpContext http, int status, ErrorCode code, string message)
    {
        http.Response.StatusCode = status;
        http.Response.Headers.CacheControl = "no-store";
        http.Response.ContentType = "application/json; charset=utf-8";
        var body = JsonSerializer.Serialize(new { errors = new[] { new { message, extensions = new { code = MutationRunner.Code(code) } } } });
        return http.Response.WriteAsync(body, http.RequestAborted);
    }
}
