using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace TimeBank.GraphQL.Tests.Infrastructure;

internal static class HttpExtensions
{
    public const string GraphQLResponse = "application/graphql-response+json";

    /// <summary>POSTs <c>{"query": ..., "variables": ...}</c> and returns status, media type and parsed body.</summary>
    public static Task<(int Status, string? MediaType, JsonObject Body)> PostGraphQLAsync(
        this HttpClient http, string query, object? variables = null, string? accept = GraphQLResponse, object? extensions = null) =>
        http.PostJsonAsync(JsonSerializer.Serialize(new { query, variables, extensions }), accept);

    public static async Task<(int Status, string? MediaType, JsonObject Body)> PostJsonAsync(this HttpClient http, string json, string? accept = GraphQLResponse, string? user = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/graphql")
        {
            Content = new StringContent(json, Encoding.UTF8, "application/json"),
        };
        if (accept is not null)
        {
            request.Headers.TryAddWithoutValidation("Accept", accept);
        }
        if (user is not null)
        {
            request.Headers.Add("X-Toy-User", user);
        }
        return await http.SendForJsonAsync(request);
    }

    public static async Task<(int Status, string? MediaType, JsonObject Body)> SendForJsonAsync(this HttpClient http, HttpRequestMessage request)
    {
        using var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        var body = JsonNode.Parse(text)?.AsObject() ?? throw new JsonException($"not a JSON object: {text}");
        return ((int)response.StatusCode, response.Content.Headers.ContentType?.MediaType, body);
    }

    public static string? FirstErrorCode(this JsonObject body) => (string?)body["errors"]?[0]?["extensions"]?["code"];

    public static MediaTypeWithQualityHeaderValue Accept(string value) => MediaTypeWithQualityHeaderValue.Parse(value);
}
