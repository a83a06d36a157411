using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace TimeBank.Api.Tests.Infrastructure;

/// <summary>Posts GraphQL documents the way a front end does and returns the parsed response.</summary>
internal static class GraphQLClient
{
    public static async Task<JsonObject> PostGraphQLAsync(this HttpClient http, string query, object? variables = null)
    {
        using var response = await http.PostAsJsonAsync("/graphql", new { query, variables });
        var body = await response.Content.ReadAsStringAsync();
        return JsonNode.Parse(body)?.AsObject()
            ?? throw new JsonException($"HTTP {(int)response.StatusCode}: not a JSON object: {body}");
    }
}
