using GraphQL;
using GraphQL.Types;
using Microsoft.Extensions.DependencyInjection;
using TimeBank.GraphQL.Relay;
using TimeBank.GraphQL.Tests.BlocksSupport;

namespace TimeBank.GraphQL.Tests.Relay;

public sealed class NodeTests : IDisposable
{
    private readonly GraphQLTestHost<NodeSchema> _host = new(b => b.AddRelayNodes(), s => s.AddSingleton<Library>());

    private static readonly string Book2 = GlobalId.Encode("Book", 2);
    private static readonly string Author1 = GlobalId.Encode("Author", 1);
    private static readonly string Fiction = GlobalId.Encode("Shelf", Library.FictionShelf);

    [Fact]
    public async Task NodeFetchesAnObjectByTheIdItPublished()
    {
        var books = await _host.ExecuteAsync("{ books { id title } }");
        var id = books["data"]!["books"]![1]!["id"]!.GetValue<string>();

        var response = await _host.ExecuteAsync($$"""{ node(id: "{{id}}") { id __typename ... on Book { title } } }""");

        Assert.Equal(Book2, id);
        Assert.Equal($$"""{"id":"{{id}}","__typename":"Book","title":"Kindred"}""", response["data"]!["node"].Compact());
    }

    [Fact]
    public async Task IdsAreOpaqueAndRoundTripEveryKeyKind()
    {
        Assert.DoesNotContain("Book", Book2, StringComparison.Ordinal);
        Assert.True(GlobalId.TryDecode<int>(Book2, "Book", out var book) && book == 2);
        Assert.True(GlobalId.TryDecode<long>(GlobalId.Encode("Big", 1L << 40), "Big", out var big) && big == 1L << 40);
        Assert.True(GlobalId.TryDecode<Guid>(Fiction, "Shelf", out var shelf) && shelf == Library.FictionShelf);
        Assert.True(GlobalId.TryDecode<string>(GlobalId.Encode("Tag", "a:b"), "Tag", out var tag) && tag == "a:b");
        Assert.False(GlobalId.TryDecode<int>(Book2, "Author", out _));
        Assert.False(GlobalId.TryDecode<int>(Fiction, "Shelf", out _));

        var response = await _host.ExecuteAsync($$"""{ node(id: "{{Fiction}}") { ... on Shelf { label } } }""");
        Assert.Equal("Fiction", response["data"]!["node"]!["label"]!.GetValue<string>());
    }

    [Fact]
    public async Task NodeOfAWellFormedIdOfNothingIsNull()
    {
        var response = await _host.ExecuteAsync($$"""
            { missing: node(id: "{{GlobalId.Encode("Book", 99)}}") { id }
              unknownType: node(id: "{{GlobalId.Encode("Dragon", 1)}}") { id }
              notANode: node(id: "{{GlobalId.Encode("Query", 1)}}") { id } }
            """);

        Assert.Null(response["errors"]);
        Assert.Equal("""{"missing":null,"unknownType":null,"notANode":null}""", response["data"].Compact());
    }

    [Fact]
    public async Task NodesFetchOncePerTypeAndKeepTheOrderAsked()
    {
        var response = await _host.ExecuteAsync($$"""
            { nodes(ids: ["{{Book2}}", "{{Author1}}", "{{GlobalId.Encode("Book", 3)}}", "{{GlobalId.Encode("Book", 98)}}", "{{Fiction}}"]) {
                __typename ... on Book { title } ... on Author { name } } }
            """);

        Assert.Null(response["errors"]?.ToJsonString());
        Assert.Equal(
            """[{"__typename":"Book","title":"Kindred"},{"__typename":"Author","name":"Ursula"},{"__typename":"Book","title":"Excession"},null,{"__typename":"Shelf"}]""",
            response["data"]!["nodes"].Compact());
        Assert.Equal([[2, 3, 98]], _host.Get<Library>().FetchesOf("Book").Select(keys => keys.Cast<int>().ToArray()));
        Assert.Single(_host.Get<Library>().FetchesOf("Author"));
        Assert.Single(_host.Get<Library>().FetchesOf("Shelf"));
    }

    [Fact]
    public async Task ATypedIdArgumentHandsTheKeyToTheResolver()
    {
        var literal = await _host.ExecuteAsync($$"""{ book(bookId: "{{Book2}}") { title } }""");
        var variable = await _host.ExecuteAsync("query($id: ID!) { book(bookId: $id) { title } }", $$"""{"id":"{{Book2}}"}""");

        Assert.Equal("""{"book":{"title":"Kindred"}}""", literal["data"].Compact());
        Assert.Equal("""{"book":{"title":"Kindred"}}""", variable["data"].Compact());
    }

    [Theory]
    [InlineData("QXV0aG9yOjE")] // Author:1, a real ID of another type
    [InlineData("not an id")]
    [InlineData("Qm9vazp4")] // Book:x, a key that is not an int
    [InlineData("Qm9vazow1")] // Book:01 would be a second spelling of Book:1
    public async Task ATypedIdArgumentRefusesOtherIdsBeforeExecution(string id)
    {
        var literal = await _host.ExecuteAsync($$"""{ book(bookId: "{{id}}") { title } }""");
        var variable = await _host.ExecuteAsync("query($id: ID!) { book(bookId: $id) { title } }", $$"""{"id":"{{id}}"}""");

        Assert.Equal(["INVALID_ID"], literal.ErrorCodes());
        Assert.Null(literal["data"]);
        Assert.Equal(["INVALID_ID"], variable.ErrorCodes());
        Assert.Null(variable["data"]);
        Assert.Empty(_host.Get<Library>().Fetches);
    }

    [Fact]
    public async Task ATypedIdInsideAnInputObjectIsCheckedToo()
    {
        var ok = await _host.ExecuteAsync($$"""{ bookBy(where: { bookId: "{{Book2}}" }) { title } }""");
        var wrong = await _host.ExecuteAsync($$"""{ bookBy(where: { bookId: "{{Author1}}" }) { title } }""");

        Assert.Equal("""{"bookBy":{"title":"Kindred"}}""", ok["data"].Compact());
        Assert.Equal(["INVALID_ID"], wrong.ErrorCodes());
    }

    [Fact]
    public async Task NodeRefusesGarbageBeforeExecution()
    {
        var response = await _host.ExecuteAsync("""{ node(id: "%%%") { id } }""");

        Assert.Equal(["INVALID_ID"], response.ErrorCodes());
        Assert.Null(response["data"]);
    }

    [Fact]
    public async Task NodesRefusesGarbageAndTooManyIdsBeforeExecution()
    {
        var garbage = await _host.ExecuteAsync($$"""{ nodes(ids: ["{{Book2}}", "%%%"]) { id } }""");
        var tooMany = await _host.ExecuteAsync(
            "query($ids: [ID!]!) { nodes(ids: $ids) { id } }",
            $"{{\"ids\":[{string.Join(',', Enumerable.Range(1, 101).Select(i => $"\"{GlobalId.Encode("Book", i)}\""))}]}}");

        Assert.Equal(["INVALID_ID"], garbage.ErrorCodes());
        Assert.Equal(["TOO_MANY_IDS"], tooMany.ErrorCodes());
        Assert.Null(tooMany["data"]);
        Assert.Empty(_host.Get<Library>().Fetches);
    }

    [Fact]
    public async Task ATypedIdListArgumentHandsTheKeysToTheResolver()
    {
        var ok = await _host.ExecuteAsync($$"""{ booksByIds(bookIds: ["{{GlobalId.Encode("Book", 3)}}", "{{Book2}}"]) { title } }""");
        var wrong = await _host.ExecuteAsync($$"""{ booksByIds(bookIds: ["{{Book2}}", "{{Author1}}"]) { title } }""");

        Assert.Equal("""{"booksByIds":[{"title":"Excession"},{"title":"Kindred"}]}""", ok["data"].Compact());
        Assert.Equal(["INVALID_ID"], wrong.ErrorCodes());
    }

    public void Dispose() => _host.Dispose();
}

public sealed class NodeSchema : global::GraphQL.Types.Schema
{
    public NodeSchema(IServiceProvider services) : base(services)
    {
        Query = services.GetRequiredService<NodeQuery>();
        // Reachable only through the Node interface, so registered by hand.
        RegisterType(typeof(NodeAuthorType));
        RegisterType(typeof(NodeShelfType));
    }
}

public sealed class NodeQuery : ObjectGraphType
{
    public NodeQuery(Library library)
    {
        this.AddNodeFields();
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<NodeBookType>>>>("books").Resolve(_ => library.Books);
        Field<NodeBookType>("book")
            .Argument<NonNullGraphType<IdGraphType>>("bookId", "The book.", arg => arg.IdOf<int>("Book"))
            .Resolve(ctx => library.Books.Find(b => b.Id == ctx.GetId<int>("bookId", "Book")));
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<NodeBookType>>>>("booksByIds")
            .Argument<NonNullGraphType<ListGraphType<NonNullGraphType<IdGraphType>>>>("bookIds", "The books.", arg => arg.IdsOf<int>("Book"))
            .Resolve(ctx => ctx.GetArgument<List<int>>("bookIds").Select(id => library.Books.Find(b => b.Id == id)));
        Field<NodeBookType>("bookBy")
            .Argument<NonNullGraphType<BookWhereInputType>>("where")
            .Resolve(ctx => library.Books.Find(b => b.Id == (int)ctx.GetArgument<Dictionary<string, object?>>("where")["bookId"]!));
    }
}

public sealed class BookWhereInputType : InputObjectGraphType
{
    public BookWhereInputType()
    {
        Name = "BookWhere";
        Field<NonNullGraphType<IdGraphType>>("bookId").ParseValue(NodeExtensions.IdParser<int>("Book"));
    }
}

public sealed class NodeBookType : ObjectGraphType<Book>
{
    public NodeBookType(Library library)
    {
        Name = "Book";
        this.IsNode(b => b.Id, (ids, _) => Fetch(library, "Book", ids, library.Books, b => b.Id));
        Field(b => b.Title);
    }

    internal static Task<IReadOnlyDictionary<TKey, T>> Fetch<TKey, T>(Library library, string name, IReadOnlyList<TKey> ids, List<T> all, Func<T, TKey> key)
        where TKey : notnull
    {
        library.Record(name, ids);
        return Task.FromResult<IReadOnlyDictionary<TKey, T>>(all.Where(x => ids.Contains(key(x))).ToDictionary(key));
    }
}

public sealed class NodeAuthorType : ObjectGraphType<Author>
{
    public NodeAuthorType(Library library)
    {
        Name = "Author";
        this.IsNode(a => a.Id, (ids, _) => NodeBookType.Fetch(library, "Author", ids, library.Authors, a => a.Id));
        Field(a => a.Name);
    }
}

public sealed class NodeShelfType : ObjectGraphType<Shelf>
{
    public NodeShelfType(Library library)
    {
        Name = "Shelf";
        this.IsNode(s => s.Id, (ids, _) => NodeBookType.Fetch(library, "Shelf", ids, library.Shelves, s => s.Id));
        Field(s => s.Label);
    }
}
