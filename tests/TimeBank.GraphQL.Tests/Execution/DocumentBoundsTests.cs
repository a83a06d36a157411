using Microsoft.Extensions.Options;
using TimeBank.GraphQL.Limits;
using TimeBank.GraphQL.Tests.Infrastructure;

namespace TimeBank.GraphQL.Tests.Execution;

/// <summary>
/// Every bound a document meets before validation, each reached with a document that stays inside the
/// others: one coded error, no data, 400 with graphql-response+json, and nothing validated or run.
/// </summary>
public sealed class DocumentBoundsTests(DocumentBoundsTests.Fixture fixture) : IClassFixture<DocumentBoundsTests.Fixture>
{
    /// <summary>A toy server with bounds small enough to reach with a few lines.</summary>
    public sealed class Fixture : IAsyncLifetime
    {
        public const int MaxDocumentLength = 2_000;
        public const int MaxTokens = 300;
        public const int MaxFields = 40;
        public const int MaxAliases = 10;
        public const int MaxDirectives = 5;
        public const int MaxFragments = 5;
        public const int MaxOperations = 3;
        public const int MaxVariables = 5;
        public const int MaxFieldMergeComparisons = 10;

        public ToyServer Server { get; private set; } = null!;

        public async Task InitializeAsync() => Server = await ToyServer.StartAsync(options =>
        {
            options.MaxDepth = 5;
            options.MaxDocumentLength = MaxDocumentLength;
            options.MaxTokens = MaxTokens;
            options.MaxFields = MaxFields;
            options.MaxAliases = MaxAliases;
            options.MaxDirectives = MaxDirectives;
            options.MaxFragments = MaxFragments;
            options.MaxOperations = MaxOperations;
            options.MaxVariables = MaxVariables;
            options.MaxFieldMergeComparisons = MaxFieldMergeComparisons;
        });

        public async Task DisposeAsync() => await Server.DisposeAsync();
    }

    public static TheoryData<string, string> OverABound => new()
    {
        { "DOCUMENT_TOO_LARGE", "# " + new string('x', Fixture.MaxDocumentLength) + "\n{ hello }" },
        { "TOO_MANY_TOKENS", $"query($v: [Int] = [{Repeat(Fixture.MaxTokens, i => "1")}]) {{ hello }}" },
        { "TOO_MANY_FIELDS", $"{{ {Repeat(Fixture.MaxFields + 1, _ => "hello")} }}" },
        { "TOO_MANY_ALIASES", $"{{ {Repeat(Fixture.MaxAliases + 1, i => $"a{i}: hello")} }}" },
        { "TOO_MANY_DIRECTIVES", $"{{ {Repeat(Fixture.MaxDirectives + 1, i => $"a{i}: hello @skip(if: false)")} }}" },
        { "TOO_MANY_FRAGMENTS", $"{{ {Repeat(Fixture.MaxFragments + 1, i => $"...F{i}")} }} {Repeat(Fixture.MaxFragments + 1, i => $"fragment F{i} on Query {{ hello }}")}" },
        // Definitions of one name count one by one: validation visits each of them.
        { "TOO_MANY_FRAGMENTS", $"{{ ...F }} {Repeat(Fixture.MaxFragments + 1, _ => "fragment F on Query { hello }")}" },
        { "TOO_MANY_OPERATIONS_IN_DOCUMENT", Repeat(Fixture.MaxOperations + 1, i => $"query Q{i} {{ hello }}") },
        { "TOO_MANY_VARIABLES", $"query({Repeat(Fixture.MaxVariables + 1, i => $"$v{i}: Int")}) {{ hello }}" },
        // Six fields under one response name with different arguments: 15 pairs to compare.
        { "TOO_MANY_REPEATED_FIELDS", $"{{ {Repeat(6, i => $"a: echo(text: \"{i}\")")} }}" },
        // The same six through fragments: each pair of fragments is compared.
        { "TOO_MANY_REPEATED_FIELDS", $"{{ {Repeat(5, i => $"...F{i}")} a: echo(text: \"x\") }} {Repeat(5, i => $"fragment F{i} on Query {{ a: echo(text: \"{i}\") }}")}" },
        { "QUERY_TOO_DEEP", "{ tree { child { child { child { child { name } } } } } }" },
        { "QUERY_TOO_DEEP", "{ tree { ...A } } fragment A on Node { child { ...B } } fragment B on Node { child { child { child { name } } } }" },
        // Deeper than the parser's own recursion limit: refused while parsing.
        { "QUERY_TOO_DEEP", $"{{ {Repeat(70, _ => "tree {")} name {Repeat(70, _ => "}")} }}" },
        { "QUERY_TOO_DEEP", $"query($v: [Int] = {Repeat(140, _ => "[")}1{Repeat(140, _ => "]")}) {{ hello }}" },
    };

    [Theory]
    [MemberData(nameof(OverABound))]
    public async Task ADocumentOverABoundGetsOneCodedErrorAndIsNotValidated(string code, string query)
    {
        var (status, mediaType, body) = await fixture.Server.Http.PostGraphQLAsync(query);

        Assert.Equal(400, status);
        Assert.Equal(HttpExtensions.GraphQLResponse, mediaType);
        var error = Assert.Single(body["errors"]!.AsArray())!;
        Assert.Equal(code, (string?)error["extensions"]?["code"]);
        Assert.False(body.ContainsKey("data"));
    }

    [Fact]
    public async Task WithApplicationJsonTheRefusalIs200()
    {
        var (status, _, body) = await fixture.Server.Http.PostGraphQLAsync($"{{ {Repeat(Fixture.MaxFields + 1, _ => "hello")} }}", accept: "application/json");

        Assert.Equal(200, status);
        Assert.Equal("TOO_MANY_FIELDS", body.FirstErrorCode());
    }

    [Fact]
    public async Task FieldsAreCountedAtEachPlaceAFragmentIsSpread()
    {
        // Five small fragments, each spreading the next twice: 3 fields in the text, 48 once expanded.
        var fragments = string.Concat(Enumerable.Range(1, 4).Select(i => $"fragment F{i} on Query {{ ...F{i + 1} ... on Query {{ ...F{i + 1} }} }} "));
        var query = "{ ...F1 } " + fragments + "fragment F5 on Query { hello hello hello }";

        var (status, _, body) = await fixture.Server.Http.PostGraphQLAsync(query);

        Assert.Equal(400, status);
        Assert.Equal("TOO_MANY_FIELDS", body.FirstErrorCode());
    }

    [Fact]
    public async Task ADocumentAtEveryBoundRuns()
    {
        // Identical fields under one name are merged without comparing them, so they cost no comparisons.
        // 40 fields in all: 23 alike, 10 aliased, 5 nested five levels deep, a list and its item.
        var (status, _, body) = await fixture.Server.Http.PostGraphQLAsync(
            $"query($n: Int) {{ {Repeat(Fixture.MaxFields - Fixture.MaxAliases - 7, _ => "hello")} {Repeat(Fixture.MaxAliases, i => $"a{i}: hello")} " +
            "tree { child { child { child { name } } } } items(first: $n) { name } }",
            new { n = 1 });

        Assert.Equal(200, status);
        Assert.Equal("world", (string?)body["data"]?["hello"]);
    }

    [Fact]
    public async Task OverWebSocketTheRefusalIsTheOperationsError()
    {
        await using var client = await WsClient.ConnectAndInitAsync(fixture.Server.WebSocketAddress);

        await client.SubscribeAsync("1", $"{{ {Repeat(Fixture.MaxAliases + 1, i => $"a{i}: hello")} }}");
        var message = await client.ReceiveAsync();

        Assert.Equal("error", (string?)message["type"]);
        Assert.Equal("TOO_MANY_ALIASES", (string?)message["payload"]?[0]?["extensions"]?["code"]);
    }

    [Fact]
    public void TheFullIntrospectionQueryPassesTheDefaultBounds()
    {
        var builder = new BoundedDocumentBuilder(Options.Create(new GraphQLServerOptions()));

        var document = builder.Build(IntrospectionQuery.Full);

        Assert.Equal(4, document.Definitions.Count);
    }

    [Fact]
    public async Task TheFullIntrospectionQueryReachesValidation()
    {
        await using var server = await ToyServer.StartAsync();

        var (_, _, body) = await server.Http.PostGraphQLAsync(IntrospectionQuery.Full);

        // Every error, if any, is validation's, none a bound's (IntrospectionTests shows there are none).
        Assert.All(body["errors"]?.AsArray() ?? [], error => Assert.NotNull(error!["extensions"]?["number"]));
    }

    private static string Repeat(int count, Func<int, string> item) => string.Join(' ', Enumerable.Range(0, count).Select(item));
}
