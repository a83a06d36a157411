using System.Net;
using System.Text.Json.Nodes;
using TimeBank.Api.Tests.Infrastructure;
using TimeBank.GraphQL.Tests.Infrastructure;

namespace TimeBank.Api.Tests.Security;

/// <summary>
/// Issue 12, finding 2: tools introspect with graphql-js's full query (<see cref="IntrospectionQuery"/>,
/// every option on); on the real schema it must run without an error, while introspection that reads the
/// schema over and over is refused, and <c>GraphQL:Introspection = false</c> turns it off.
/// </summary>
public sealed class IntrospectionTests(TimeBankApplication app) : IClassFixture<TimeBankApplication>
{
    private const string FullQuery = IntrospectionQuery.Full;

    [Fact]
    public async Task GraphqlJsFullIntrospectionRunsWithoutErrors()
    {
        var response = await app.GraphQLAsync(FullQuery);

        Assert.True(response["errors"] is null, response["errors"]?.ToJsonString());
        var schema = response["data"]!["__schema"]!;
        Assert.Equal("Query", (string?)schema["queryType"]?["name"]);
        Assert.Contains(schema["types"]!.AsArray(), type => (string?)type!["name"] == "Member");
    }

    [Fact]
    public async Task IntrospectionReadingTheSchemaOverAndOverIsRefused()
    {
        // Within every document bound (depth 14, 14 fields), yet each level lists every type that implements an
        // interface again: the schema's node types read over and over, six times more at each level.
        const string query = """
            { __schema { types { interfaces { possibleTypes { interfaces { possibleTypes { interfaces { possibleTypes {
              interfaces { possibleTypes { interfaces { possibleTypes { fields { name } } } } } } } } } } } } } }
            """;

        var response = await app.GraphQLAsync(query);

        Assert.Equal("COMPLEXITY", (string?)response["errors"]?[0]?["extensions"]?["code"]);
        Assert.Null(response["data"]);
    }

    [Fact]
    public async Task IntrospectionTurnedOffIsRefusedWithItsCodeAndTheSdlIsGone()
    {
        await using var off = app.WithWebHostBuilder(builder => builder.UseSetting("GraphQL:Introspection", "false"));
        using var http = off.CreateClient();

        var response = await http.PostGraphQLAsync(FullQuery);
        var typename = await http.PostGraphQLAsync("{ __typename }");
        using var sdl = await http.GetAsync("/graphql/sdl");

        Assert.Equal("INTROSPECTION_DISABLED", (string?)response["errors"]?[0]?["extensions"]?["code"]);
        Assert.Equal("Query", (string?)typename["data"]?["__typename"]);
        Assert.Equal(HttpStatusCode.NotFound, sdl.StatusCode);
    }

    [Fact]
    public async Task TheFullIntrospectionFitsWellWithinItsBound()
    {
        var response = await app.GraphQLAsync(FullQuery);

        // Each field introspection resolves is one property of the answer ("data" and "__schema" aside).
        var fields = Properties(response["data"]) - 1;

        Assert.InRange(fields, 1_000, new TimeBank.GraphQL.GraphQLServerOptions().MaxIntrospectionFields / 2);
    }

    private static int Properties(JsonNode? node) => node switch
    {
        JsonObject obj => obj.Sum(p => 1 + Properties(p.Value)),
        JsonArray array => array.Sum(Properties),
        _ => 0,
    };
}
