using System.Text;
using TimeBank.GraphQL.Tests.Infrastructure;

namespace TimeBank.GraphQL.Tests.Http;

/// <summary>
/// Method × content type × Accept × error class → status and response media type, as docs/graphql-server.md (HTTP) and the
/// graphql-http audit expect. One row per case; the row's name says what it checks.
/// </summary>
public sealed class HttpStatusMatrixTests(ToyServerFixture fixture) : IClassFixture<ToyServerFixture>
{
    private const string Json = "application/json";
    private const string GqlJson = "application/graphql-response+json";
    private const string Hello = """{"query":"{ hello }"}""";

    private sealed record Case(string Method, string? Query, string? ContentType, string? Body, string? Accept, int Status, string MediaType, string? User = null);

    private static readonly Dictionary<string, Case> Cases = new()
    {
        // Accept negotiation (q-values, wildcards, fallback) on a good query.
        ["post, no accept → json"] = new("POST", null, Json, Hello, null, 200, Json),
        ["post, graphql-response+json"] = new("POST", null, Json, Hello, GqlJson, 200, GqlJson),
        ["post, */* → json"] = new("POST", null, Json, Hello, "*/*", 200, Json),
        ["post, application/* → json"] = new("POST", null, Json, Hello, "application/*", 200, Json),
        ["post, json preferred by q"] = new("POST", null, Json, Hello, $"{GqlJson};q=0.5, {Json}", 200, Json),
        ["post, graphql-response+json preferred by q"] = new("POST", null, Json, Hello, $"{Json};q=0.5, {GqlJson}", 200, GqlJson),
        ["post, equal q prefers graphql-response+json"] = new("POST", null, Json, Hello, $"{Json}, {GqlJson}", 200, GqlJson),
        ["post, unacceptable accept falls back to json"] = new("POST", null, Json, Hello, "text/plain", 200, Json),
        ["post, q=0 excludes a type"] = new("POST", null, Json, Hello, $"{GqlJson};q=0, */*;q=0.1", 200, Json),
        ["post, charset utf-8 accepted"] = new("POST", null, "application/json; charset=UTF-8", Hello, GqlJson, 200, GqlJson),
        ["post, text/html gets json"] = new("POST", null, Json, Hello, "text/html", 200, Json),

        // GraphQL errors before execution: 200 with json, 400/401/403 with graphql-response+json.
        ["parse error, json"] = new("POST", null, Json, """{"query":"{"}""", Json, 200, Json),
        ["parse error, graphql-response+json"] = new("POST", null, Json, """{"query":"{"}""", GqlJson, 400, GqlJson),
        ["validation error, json"] = new("POST", null, Json, """{"query":"{ nope }"}""", Json, 200, Json),
        ["validation error, graphql-response+json"] = new("POST", null, Json, """{"query":"{ nope }"}""", GqlJson, 400, GqlJson),
        ["variable coercion error, json"] = new("POST", null, Json, """{"query":"query($t: String!) { echo(text: $t) }","variables":{"t":5}}""", Json, 200, Json),
        ["variable coercion error, graphql-response+json"] = new("POST", null, Json, """{"query":"query($t: String!) { echo(text: $t) }","variables":{"t":5}}""", GqlJson, 400, GqlJson),
        ["unknown operation name, graphql-response+json"] = new("POST", null, Json, """{"query":"query A { hello }","operationName":"B"}""", GqlJson, 400, GqlJson),
        ["unauthenticated, graphql-response+json → 401"] = new("POST", null, Json, """{"query":"{ me }"}""", GqlJson, 401, GqlJson),
        ["unauthenticated, json → 200"] = new("POST", null, Json, """{"query":"{ me }"}""", Json, 200, Json),
        ["forbidden, graphql-response+json → 403"] = new("POST", null, Json, """{"query":"{ admin }"}""", GqlJson, 403, GqlJson, User: "ann"),
        ["allowed, signed in"] = new("POST", null, Json, """{"query":"{ me admin }"}""", GqlJson, 200, GqlJson, User: "ann,admin"),

        // Executed: 200 whatever the errors.
        ["field error, graphql-response+json"] = new("POST", null, Json, """{"query":"{ boom hello }"}""", GqlJson, 200, GqlJson),
        ["mutation over post"] = new("POST", null, Json, """{"query":"mutation { increment }"}""", GqlJson, 200, GqlJson),
        ["null parameters mean absent"] = new("POST", null, Json, """{"query":"{ hello }","operationName":null,"variables":null,"extensions":null}""", GqlJson, 200, GqlJson),
        ["unknown parameters are ignored"] = new("POST", null, Json, """{"query":"{ hello }","other":[1]}""", GqlJson, 200, GqlJson),

        // Malformed requests: 4xx and application/json whatever was accepted.
        ["post, no content type → 415"] = new("POST", null, null, Hello, GqlJson, 415, Json),
        ["post, text/plain → 415"] = new("POST", null, "text/plain", Hello, GqlJson, 415, Json),
        ["post, form → 415"] = new("POST", null, "application/x-www-form-urlencoded", "query=%7Bhello%7D", GqlJson, 415, Json),
        ["post, other charset → 415"] = new("POST", null, "application/json; charset=latin1", Hello, GqlJson, 415, Json),
        ["post, invalid json → 400"] = new("POST", null, Json, "{", GqlJson, 400, Json),
        ["post, empty body → 400"] = new("POST", null, Json, "", GqlJson, 400, Json),
        ["post, array body → 400"] = new("POST", null, Json, "[]", GqlJson, 400, Json),
        ["post, query not a string → 400"] = new("POST", null, Json, """{"query":1}""", GqlJson, 400, Json),
        ["post, operationName not a string → 400"] = new("POST", null, Json, """{"query":"{ hello }","operationName":[]}""", GqlJson, 400, Json),
        ["post, variables not a map → 400"] = new("POST", null, Json, """{"query":"{ hello }","variables":"x"}""", GqlJson, 400, Json),
        ["post, extensions not a map → 400"] = new("POST", null, Json, """{"query":"{ hello }","extensions":[]}""", GqlJson, 400, Json),
        ["post, no query → 400"] = new("POST", null, Json, "{}", Json, 400, Json),

        // GET: queries only.
        ["get query"] = new("GET", "?query=%7Bhello%7D", null, null, GqlJson, 200, GqlJson),
        ["get query with variables"] = new("GET", "?query=query(%24t%3AString!)%7Becho(text%3A%24t)%7D&variables=%7B%22t%22%3A%22x%22%7D", null, null, GqlJson, 200, GqlJson),
        ["get, variables not json → 400"] = new("GET", "?query=%7Bhello%7D&variables=nope", null, null, GqlJson, 400, Json),
        ["get, query twice → 400"] = new("GET", "?query=%7Bhello%7D&query=%7Bhello%7D", null, null, GqlJson, 400, Json),
        ["get, no query → 400"] = new("GET", "", null, null, GqlJson, 400, Json),
        ["get mutation → 405"] = new("GET", "?query=mutation%7Bincrement%7D", null, null, GqlJson, 405, GqlJson),
        ["get mutation by operationName → 405"] = new("GET", "?query=query%20A%7Bhello%7D%20mutation%20B%7Bincrement%7D&operationName=B", null, null, Json, 405, Json),
        ["get query by operationName beside a mutation"] = new("GET", "?query=query%20A%7Bhello%7D%20mutation%20B%7Bincrement%7D&operationName=A", null, null, Json, 200, Json),
        ["subscription over post → 405"] = new("POST", null, Json, """{"query":"subscription { events }"}""", GqlJson, 405, GqlJson),

        // Other methods.
        ["put → 405"] = new("PUT", null, Json, Hello, GqlJson, 405, Json),
        ["delete → 405"] = new("DELETE", null, null, null, GqlJson, 405, Json),
        ["patch → 405"] = new("PATCH", null, Json, Hello, GqlJson, 405, Json),
    };

    public static TheoryData<string> CaseNames => [.. Cases.Keys];

    [Theory]
    [MemberData(nameof(CaseNames))]
    public async Task AnswersWithTheExpectedStatusAndMediaType(string name)
    {
        var row = Cases[name];
        using var request = new HttpRequestMessage(new HttpMethod(row.Method), "/graphql" + row.Query);
        if (row.Body is not null)
        {
            request.Content = new ByteArrayContent(Encoding.UTF8.GetBytes(row.Body));
            if (row.ContentType is not null)
            {
                request.Content.Headers.TryAddWithoutValidation("Content-Type", row.ContentType);
            }
        }
        if (row.Accept is not null)
        {
            request.Headers.TryAddWithoutValidation("Accept", row.Accept);
        }
        if (row.User is not null)
        {
            request.Headers.Add("X-Toy-User", row.User);
        }

        using var response = await fixture.Server.Http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();

        Assert.True(row.Status == (int)response.StatusCode, $"{name}: expected {row.Status}, got {(int)response.StatusCode}: {body}");
        Assert.Equal(row.MediaType, response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("utf-8", response.Content.Headers.ContentType?.CharSet);
        Assert.StartsWith("{", body, StringComparison.Ordinal);
        if (row.Status == 405)
        {
            Assert.Equal("GET, POST", string.Join(", ", response.Content.Headers.Allow));
        }
        if (row.Status >= 400)
        {
            // A request that did not execute has errors and no data key at all.
            Assert.Contains("\"errors\"", body, StringComparison.Ordinal);
            Assert.DoesNotContain("\"data\"", body, StringComparison.Ordinal);
        }
    }
}
