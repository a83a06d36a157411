using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace TimeBank.Api.Tests.Security;

/// <summary>What the token tests send and read: a GraphQL POST with any bearer token, answered with its status and headers.</summary>
internal static class TokenRequests
{
    public const string Me = "{ me { email isAdmin } }";

    public sealed record Answer(HttpStatusCode Status, string? WwwAuthenticate, JsonObject Body)
    {
        /// <summary>The code of the first top-level error, or null when there is none.</summary>
        public string? ErrorCode => (string?)Body["errors"]?[0]?["extensions"]?["code"];
    }

    public static async Task<Answer> PostAsync(WebApplicationFactory<Program> app, string query, string? token, object? variables = null)
    {
        using var http = app.CreateClient();
        if (token is not null)
        {
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
        using var response = await http.PostAsJsonAsync("/graphql", new { query, variables });
        var body = await response.Content.ReadAsStringAsync();
        return new Answer(
            response.StatusCode,
            response.Headers.WwwAuthenticate.FirstOrDefault()?.ToString(),
            JsonNode.Parse(body)?.AsObject() ?? throw new InvalidOperationException($"HTTP {(int)response.StatusCode}: {body}"));
    }

    /// <summary>Asserts the answer every token that fails validation gets: 401, a Bearer challenge and UNAUTHENTICATED.</summary>
    public static void AssertRefused(Answer answer)
    {
        Assert.Equal(HttpStatusCode.Unauthorized, answer.Status);
        Assert.Equal("Bearer error=\"invalid_token\"", answer.WwwAuthenticate);
        Assert.Equal("UNAUTHENTICATED", answer.ErrorCode);
        Assert.Null(answer.Body["data"]);
    }

    /// <summary>The claims of a token, read without validating it.</summary>
    public static Dictionary<string, object> ClaimsOf(string token)
    {
        var jwt = new JsonWebToken(token);
        return jwt.Claims.GroupBy(c => c.Type).ToDictionary(
            g => g.Key,
            g => g.Key is "exp" or "iat" or "nbf" ? long.Parse(g.First().Value, CultureInfo.InvariantCulture) : (object)g.First().Value);
    }

    /// <summary>Signs a token with exactly these claims (no exp, iat or nbf unless given).</summary>
    public static string Sign(Dictionary<string, object> claims, SecurityKey key, string algorithm)
    {
        var handler = new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false };
        return handler.CreateToken(new SecurityTokenDescriptor
        {
            Claims = claims,
            SigningCredentials = new SigningCredentials(key, algorithm),
        });
    }
}
