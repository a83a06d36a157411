using System.Text.Json;

namespace TimeBank.Api.Hosting;

/// <summary>
/// The floor the read-path benchmark compares <c>{ __typename }</c> with: a minimal-API endpoint in the same process,
/// behind the same middleware, that reads the request's JSON body and answers the bytes GraphQL would. Off by default;
/// <c>Benchmarks:PlainEndpoint=true</c> maps it at <see cref="Path"/>. It reveals nothing and changes nothing.
/// </summary>
public static class PlainEndpoint
{
    public const string Setting = "Benchmarks:PlainEndpoint";
    public const string Path = "/benchmarks/plain";

    private static readonly byte[] Answer = """{"data":{"__typename":"Query"}}"""u8.ToArray();

    public static IEndpointRouteBuilder MapPlainEndpointWhenAsked(this IEndpointRouteBuilder endpoints, IConfiguration configuration)
    {
        if (configuration.GetValue<bool>(Setting))
        {
            endpoints.MapPost(Path, async (HttpContext http) =>
            {
                // Parsed as the GraphQL endpoint parses its body, so the two differ by GraphQL's own work only.
                using var _ = await JsonDocument.ParseAsync(http.Request.Body, cancellationToken: http.RequestAborted);
                http.Response.ContentType = "application/json; charset=utf-8";
                await http.Response.Body.WriteAsync(Answer, http.RequestAborted);
            });
        }
        return endpoints;
    }
}
