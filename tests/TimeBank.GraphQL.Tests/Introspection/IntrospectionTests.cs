using System.Net;
using System.Text.Json.Nodes;
using TimeBank.GraphQL.Tests.Infrastructure;

namespace TimeBank.GraphQL.Tests.Introspection;

/// <summary>
/// Every standard tool (GraphiQL, Postman, codegen, ...) introspects with graphql-js's full query: it must
/// validate and run on the default limits, while introspection that asks for more than the schema holds is
/// still refused. <c>GraphQL:Introspection = false</c> turns it off, <c>/graphql/sdl</c> included.
/// </summary>
public sealed class IntrospectionTests
{
    [Fact]
    public async Task TheFullIntrospectionQueryWithEveryOptionRunsOnTheDefaultLimits()
    {
        await using var server = await ToyServer.StartAsync();

        var (status, _, body) = await server.Http.PostGraphQLAsync(IntrospectionQuery.Full);

        Assert.True(body["errors"] is null, body["errors"]?.ToJsonString());
        Assert.Equal(200, status);
        Assert.Equal("Query", (string?)body["data"]?["__schema"]?["queryType"]?["name"]);
    }

    [Fact]
    public async Task TheOptionalFieldsAnswerWhatTheSchemaHolds()
    {
        await using var server = await ToyServer.StartAsync();

        var (_, _, body) = await server.Http.PostGraphQLAsync("""
            {
              __schema { directives { name isRepeatable args(includeDeprecated: true) { name isDeprecated deprecationReason } } }
              __type(name: "String") { specifiedByURL }
            }
            """);

        Assert.True(body["errors"] is null, body["errors"]?.ToJsonString());
        var skip = body["data"]!["__schema"]!["directives"]!.AsArray().Single(d => (string?)d!["name"] == "skip")!;
        Assert.False((bool)skip["isRepeatable"]!);
        var ifArgument = Assert.Single(skip["args"]!.AsArray())!;
        Assert.Equal("if", (string?)ifArgument["name"]);
        Assert.False((bool)ifArgument["isDeprecated"]!);
        Assert.Null(body["data"]!["__type"]!["specifiedByURL"]);
    }

    [Fact]
    public async Task DirectiveArgumentsHideDeprecatedOnesUnlessAsked()
    {
        await using var server = await ToyServer.StartAsync();

        var (_, _, body) = await server.Http.PostGraphQLAsync("""
            { __schema { directives { name hidden: args { name } all: args(includeDeprecated: true) { name } } } }
            """);

        Assert.True(body["errors"] is null, body["errors"]?.ToJsonString());
        var deprecated = body["data"]!["__schema"]!["directives"]!.AsArray().Single(d => (string?)d!["name"] == "deprecated")!;
        Assert.Equal(deprecated["all"]!.ToJsonString(), deprecated["hidden"]!.ToJsonString());
    }

    [Fact]
    public async Task IntrospectionDeeperThanTheDepthLimitIsRefused()
    {
        await using var server = await ToyServer.StartAsync();
        // One level deeper than the full query's TypeRef, which sits exactly at the default depth of 15.
        var typeRef = string.Concat(Enumerable.Repeat("ofType { ", 10)) + "name" + string.Concat(Enumerable.Repeat(" }", 10));

        var (status, _, body) = await server.Http.PostGraphQLAsync($"{{ __schema {{ types {{ fields {{ args {{ type {{ {typeRef} }} }} }} }} }} }}");

        Assert.Equal(400, status);
        Assert.Equal("QUERY_TOO_DEEP", body.FirstErrorCode());
    }

    [Fact]
    public async Task IntrospectionIsCountedExactlyAndRefusedBeyondItsBound()
    {
        // Every field introspection resolves is one property of the answer: "data" and "__schema" aside, that is its count.
        int fullCount;
        await using (var unbounded = await ToyServer.StartAsync())
        {
            var (_, _, full) = await unbounded.Http.PostGraphQLAsync(IntrospectionQuery.Full);
            fullCount = Properties(full) - 2;
        }
        await using var server = await ToyServer.StartAsync(options => options.MaxIntrospectionFields = fullCount);
        // The same schema read twice, within every document bound.
        var twice = IntrospectionQuery.Full.Replace("types {", "types { ...FullType } again: types {", StringComparison.Ordinal);

        var once = await server.Http.PostGraphQLAsync(IntrospectionQuery.Full);
        var (status, _, body) = await server.Http.PostGraphQLAsync(twice);

        Assert.True(once.Body["errors"] is null, once.Body["errors"]?.ToJsonString());
        Assert.Equal(400, status);
        Assert.Equal("COMPLEXITY", body.FirstErrorCode());
        Assert.Contains("introspection", (string?)body["errors"]?[0]?["message"], StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task IntrospectionTurnedOffIsACodedValidationError()
    {
        await using var server = await ToyServer.StartAsync(options => options.Introspection = false);

        var (status, _, body) = await server.Http.PostGraphQLAsync("{ hello __type(name: \"Query\") { name } }");
        var typename = await server.Http.PostGraphQLAsync("{ __typename hello }");

        Assert.Equal(400, status);
        Assert.Equal("INTROSPECTION_DISABLED", body.FirstErrorCode());
        Assert.Null(body["data"]);
        Assert.Equal("Query", (string?)typename.Body["data"]?["__typename"]);
    }

    [Fact]
    public async Task IntrospectionTurnedOffHidesTheSdl()
    {
        await using var on = await ToyServer.StartAsync();
        await using var off = await ToyServer.StartAsync(options => options.Introspection = false);

        using var shown = await on.Http.GetAsync("/graphql/sdl");
        using var hidden = await off.Http.GetAsync("/graphql/sdl");

        Assert.Equal(HttpStatusCode.OK, shown.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, hidden.StatusCode);
    }

    [Fact]
    public async Task IntrospectionTurnedOffIsRefusedOnWebSocketsToo()
    {
        await using var server = await ToyServer.StartAsync(options => options.Introspection = false);
        await using var client = await WsClient.ConnectAndInitAsync(server.WebSocketAddress);

        await client.SubscribeAsync("1", "{ __schema { queryType { name } } }");
        JsonNode message = await client.ReceiveAsync();

        Assert.Equal("error", (string?)message["type"]);
        Assert.Equal("INTROSPECTION_DISABLED", (string?)message["payload"]?[0]?["extensions"]?["code"]);
    }

    private static int Properties(JsonNode? node) => node switch
    {
        JsonObject obj => obj.Sum(p => 1 + Properties(p.Value)),
        JsonArray array => array.Sum(Properties),
        _ => 0,
    };
}
