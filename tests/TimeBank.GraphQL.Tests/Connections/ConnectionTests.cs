using System.Text;
using System.Text.Json.Nodes;
using GraphQL.Types;
using Microsoft.Extensions.DependencyInjection;
using TimeBank.GraphQL.Connections;
using TimeBank.GraphQL.Tests.BlocksSupport;

namespace TimeBank.GraphQL.Tests.Connections;

public sealed class ConnectionTests : IDisposable
{
    private const string Page = "edges { cursor node { title } } pageInfo { hasNextPage hasPreviousPage startCursor endCursor }";

    private readonly GraphQLTestHost<PagingSchema> _host = new(b => b.AddConnections(), s => s.AddSingleton<Library>());

    [Fact]
    public async Task WithoutArgumentsTheFirstPageHasEverythingUpToTheDefaultSize()
    {
        var books = await BooksAsync("");

        Assert.Equal(["Arrival", "Dawn", "Dispossessed", "Earthsea", "Excession", "Kindred", "Wayfarers"], Titles(books));
        AssertPageInfo(books, hasNext: false, hasPrevious: false);
    }

    [Fact]
    public async Task FirstAndAfterWalkForwardToTheEnd()
    {
        var first = await BooksAsync("first: 3");
        var second = await BooksAsync($"first: 3, after: \"{EndCursor(first)}\"");
        var last = await BooksAsync($"first: 3, after: \"{EndCursor(second)}\"");

        Assert.Equal(["Arrival", "Dawn", "Dispossessed"], Titles(first));
        AssertPageInfo(first, hasNext: true, hasPrevious: false);
        Assert.Equal(["Earthsea", "Excession", "Kindred"], Titles(second));
        AssertPageInfo(second, hasNext: true, hasPrevious: true);
        Assert.Equal(["Wayfarers"], Titles(last));
        AssertPageInfo(last, hasNext: false, hasPrevious: true);
    }

    [Fact]
    public async Task LastAndBeforeWalkBackwardToTheStart()
    {
        var end = await BooksAsync("last: 2");
        var middle = await BooksAsync($"last: 2, before: \"{StartCursor(end)}\"");
        var start = await BooksAsync($"last: 5, before: \"{StartCursor(middle)}\"");

        Assert.Equal(["Kindred", "Wayfarers"], Titles(end));
        AssertPageInfo(end, hasNext: false, hasPrevious: true);
        Assert.Equal(["Earthsea", "Excession"], Titles(middle));
        AssertPageInfo(middle, hasNext: true, hasPrevious: true);
        Assert.Equal(["Arrival", "Dawn", "Dispossessed"], Titles(start));
        AssertPageInfo(start, hasNext: true, hasPrevious: false);
    }

    [Fact]
    public async Task AfterAndBeforeTogetherBoundThePageOnBothSides()
    {
        var all = await BooksAsync("");
        var edges = all["edges"]!.AsArray();

        var between = await BooksAsync($"after: \"{edges[1]!["cursor"]}\", before: \"{edges[5]!["cursor"]}\"");

        Assert.Equal(["Dispossessed", "Earthsea", "Excession"], Titles(between));
        AssertPageInfo(between, hasNext: true, hasPrevious: true);
    }

    [Theory]
    [InlineData("first: 101")]
    [InlineData("last: 500")]
    public async Task PagesLargerThanTheMaximumAreRefusedBeforeExecution(string arguments)
    {
        var response = await _host.ExecuteAsync($"{{ books({arguments}) {{ nodes {{ title }} }} }}");
        var variable = await _host.ExecuteAsync("query($n: Int) { books(first: $n) { nodes { title } } }", """{"n":101}""");

        Assert.Equal(["PAGE_SIZE_EXCEEDED"], response.ErrorCodes());
        Assert.Null(response["data"]);
        Assert.Equal(["PAGE_SIZE_EXCEEDED"], variable.ErrorCodes());
    }

    [Fact]
    public async Task TheMaximumPageSizeItselfIsAllowed()
    {
        var response = await _host.ExecuteAsync("{ books(first: 100) { nodes { title } } }");

        Assert.Null(response["errors"]);
        Assert.Equal(7, response["data"]!["books"]!["nodes"]!.AsArray().Count);
    }

    [Fact]
    public async Task AnEmptyListHasAnEmptyPageWithoutCursors()
    {
        var response = await _host.ExecuteAsync($"{{ noBooks {{ {Page} nodes {{ title }} totalCount }} }}");

        Assert.Equal(
            """{"edges":[],"pageInfo":{"hasNextPage":false,"hasPreviousPage":false,"startCursor":null,"endCursor":null},"nodes":[],"totalCount":0}""",
            response["data"]!["noBooks"].Compact());
    }

    [Fact]
    public async Task NodesAndTotalCountMatchTheEdgesAndTheWholeList()
    {
        var response = await _host.ExecuteAsync("{ books(first: 2) { nodes { title } totalCount } }");

        Assert.Equal("""{"nodes":[{"title":"Arrival"},{"title":"Dawn"}],"totalCount":7}""", response["data"]!["books"].Compact());
    }

    [Fact]
    public async Task TotalCountAskedForInsideFragmentsIsCounted()
    {
        var response = await _host.ExecuteAsync("""
            { a: books(first: 1) { ...Counted } b: books(first: 1) { ... on BookConnection { totalCount } } }
            fragment Counted on BookConnection { totalCount }
            """);

        Assert.Null(response["errors"]?.ToJsonString());
        Assert.Equal("""{"a":{"totalCount":7},"b":{"totalCount":7}}""", response["data"].Compact());
    }

    [Fact]
    public async Task CursorsAreOpaqueAndForeignOnesAreRefused()
    {
        var page = await BooksAsync("first: 1");
        var cursor = EndCursor(page);
        var forged = Convert.ToBase64String(Encoding.UTF8.GetBytes("[\"Dawn\"]"));

        var response = await _host.ExecuteAsync($"{{ books(after: \"{forged}\") {{ nodes {{ title }} }} }}");

        Assert.DoesNotContain("Arrival", cursor, StringComparison.Ordinal);
        Assert.Equal(["INVALID_CURSOR"], response.ErrorCodes());
    }

    [Fact]
    public async Task FirstAndLastTogetherAreRefused()
    {
        var response = await _host.ExecuteAsync("{ books(first: 1, last: 1) { nodes { title } } }");

        Assert.Equal(["INVALID_PAGINATION"], response.ErrorCodes());
    }

    [Fact]
    public async Task TheTypesAreNamedAfterTheNodeAndDescribed()
    {
        var response = await _host.ExecuteAsync("""
            { c: __type(name: "BookConnection") { description fields { name description } }
              e: __type(name: "BookEdge") { description fields { name description } }
              p: __type(name: "PageInfo") { description fields { name description } } }
            """);

        foreach (var type in response["data"]!.AsObject())
        {
            Assert.False(string.IsNullOrWhiteSpace(type.Value!["description"]?.GetValue<string>()), type.Key);
            Assert.All(type.Value!["fields"]!.AsArray(), f => Assert.False(string.IsNullOrWhiteSpace(f!["description"]?.GetValue<string>())));
        }
        Assert.Equal(4, response["data"]!["c"]!["fields"]!.AsArray().Count);
    }

    private async Task<JsonNode> BooksAsync(string arguments)
    {
        var response = await _host.ExecuteAsync(arguments.Length == 0 ? $"{{ books {{ {Page} }} }}" : $"{{ books({arguments}) {{ {Page} }} }}");
        Assert.Null(response["errors"]?.ToJsonString());
        return response["data"]!["books"]!;
    }

    private static string[] Titles(JsonNode page) =>
        [.. page["edges"]!.AsArray().Select(e => e!["node"]!["title"]!.GetValue<string>())];

    private static string EndCursor(JsonNode page) => page["pageInfo"]!["endCursor"]!.GetValue<string>();

    private static string StartCursor(JsonNode page) => page["pageInfo"]!["startCursor"]!.GetValue<string>();

    private static void AssertPageInfo(JsonNode page, bool hasNext, bool hasPrevious)
    {
        var info = page["pageInfo"]!;
        Assert.Equal(hasNext, info["hasNextPage"]!.GetValue<bool>());
        Assert.Equal(hasPrevious, info["hasPreviousPage"]!.GetValue<bool>());
        var edges = page["edges"]!.AsArray();
        Assert.Equal(edges[0]!["cursor"]!.GetValue<string>(), info["startCursor"]!.GetValue<string>());
        Assert.Equal(edges[^1]!["cursor"]!.GetValue<string>(), info["endCursor"]!.GetValue<string>());
    }

    public void Dispose() => _host.Dispose();
}

public sealed class PagingSchema : global::GraphQL.Types.Schema
{
    public PagingSchema(IServiceProvider services) : base(services) => Query = services.GetRequiredService<PagingQuery>();
}

public sealed class PagingQuery : ObjectGraphType
{
    private static readonly KeysetOrder<Book> ByTitle = new KeysetOrder<Book>().By(b => b.Title).By(b => b.Id);

    public PagingQuery(Library library)
    {
        Field<NonNullGraphType<ConnectionType<PagingBookType>>>("books")
            .Description("Every book, by title.")
            .PageArguments()
            .ResolveAsync(async ctx => await library.Books.AsQueryable().ToConnectionAsync(ByTitle, ctx.GetPageRequest(), ctx.CancellationToken));
        Field<NonNullGraphType<ConnectionType<PagingBookType>>>("noBooks")
            .Description("No book at all.")
            .PageArguments()
            .ResolveAsync(async ctx => await Array.Empty<Book>().AsQueryable().ToConnectionAsync(ByTitle, ctx.GetPageRequest(), ctx.CancellationToken));
    }
}

public sealed class PagingBookType : ObjectGraphType<Book>
{
    public PagingBookType()
    {
        Name = "Book";
        Description = "A book.";
        Field(b => b.Title).Description("Its title.");
    }
}
