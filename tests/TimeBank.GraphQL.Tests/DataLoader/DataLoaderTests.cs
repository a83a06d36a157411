using GraphQL;
using GraphQL.Types;
using Microsoft.Extensions.DependencyInjection;
using TimeBank.GraphQL.DataLoader;
using TimeBank.GraphQL.Tests.BlocksSupport;

namespace TimeBank.GraphQL.Tests.DataLoader;

public sealed class DataLoaderTests : IDisposable
{
    private readonly GraphQLTestHost<LoaderSchema> _host = new(
        b => b.AddDataLoaders(),
        s => s.AddSingleton<Library>());

    private Library Library => _host.Get<Library>();

    [Fact]
    public async Task ManyFieldsShareOneFetchOfDistinctKeys()
    {
        var response = await _host.ExecuteAsync("{ books { title author { name } } }");

        Assert.Null(response["errors"]);
        Assert.Equal("Ursula", response["data"]!["books"]![3]!["author"]!["name"]!.GetValue<string>());
        var fetch = Assert.Single(Library.FetchesOf("author"));
        Assert.Equal([1, 2, 3, 4, 5], fetch.Cast<int>().Order());
    }

    [Fact]
    public async Task GroupLoaderFetchesEveryKeyOnce()
    {
        var response = await _host.ExecuteAsync("{ authors { name books { title } } }");

        Assert.Null(response["errors"]);
        Assert.Equal(2, response["data"]!["authors"]![0]!["books"]!.AsArray().Count);
        Assert.Equal("Wayfarers", response["data"]!["authors"]![4]!["books"]![0]!["title"]!.GetValue<string>());
        Assert.Single(Library.FetchesOf("booksByAuthor"));
    }

    [Fact]
    public async Task ValuesLoadedEarlierInTheRequestComeFromTheCache()
    {
        // Author 1 is loaded first; its books point back to author 1, which is then read from the cache.
        var response = await _host.ExecuteAsync("{ author(id: 1) { name books { author { name } } } }");

        Assert.Null(response["errors"]);
        Assert.Equal("Ursula", response["data"]!["author"]!["books"]![1]!["author"]!["name"]!.GetValue<string>());
        var fetch = Assert.Single(Library.FetchesOf("author"));
        Assert.Equal([1], fetch.Cast<int>());
    }

    [Fact]
    public async Task SeparateRequestsDoNotShareTheCache()
    {
        await _host.ExecuteAsync("{ author(id: 2) { name } }");
        await _host.ExecuteAsync("{ author(id: 2) { name } }");

        Assert.Equal(2, Library.FetchesOf("author").Length);
    }

    [Fact]
    public async Task BigBatchesAreSplitAtTheMaximumSize()
    {
        var response = await _host.ExecuteAsync("{ books { authorInPairs { name } } }");

        Assert.Null(response["errors"]);
        Assert.Equal([2, 2, 1], Library.FetchesOf("authorInPairs").Select(keys => keys.Length));
        Assert.Equal("Becky", response["data"]!["books"]![6]!["authorInPairs"]!["name"]!.GetValue<string>());
    }

    [Fact]
    public async Task AFailingFetchFailsEveryWaitingFieldButNotTheRequest()
    {
        var response = await _host.ExecuteAsync("{ books { title brokenAuthor { name } } }");

        var errors = response["errors"]!.AsArray();
        Assert.Equal(7, errors.Count);
        Assert.All(errors, e => Assert.Equal("brokenAuthor", e!["path"]![2]!.GetValue<string>()));
        Assert.Equal("Earthsea", response["data"]!["books"]![0]!["title"]!.GetValue<string>());
        Assert.Null(response["data"]!["books"]![0]!["brokenAuthor"]);
        Assert.Single(Library.FetchesOf("brokenAuthor"));
    }

    [Fact]
    public async Task MutationsRunSeriallyAndStillBatch()
    {
        var response = await _host.ExecuteAsync("mutation { shelveAll { author { name } } }");

        Assert.Null(response["errors"]);
        Assert.Single(Library.FetchesOf("author"));
    }

    [Fact]
    public async Task ALoaderNameReusedWithOtherTypesIsRefused()
    {
        var loaders = new DataLoaderContext();
        loaders.GetOrAddBatchLoader<int, string>("x", (_, _) => Task.FromResult<IReadOnlyDictionary<int, string>>(new Dictionary<int, string>()));

        Assert.Throws<InvalidOperationException>(() =>
            loaders.GetOrAddBatchLoader<string, string>("x", (_, _) => Task.FromResult<IReadOnlyDictionary<string, string>>(new Dictionary<string, string>())));
    }

    public void Dispose() => _host.Dispose();
}

public sealed class LoaderSchema : global::GraphQL.Types.Schema
{
    public LoaderSchema(IServiceProvider services) : base(services)
    {
        Query = services.GetRequiredService<LoaderQuery>();
        Mutation = services.GetRequiredService<LoaderMutation>();
    }
}

public sealed class LoaderQuery : ObjectGraphType
{
    public LoaderQuery(Library library)
    {
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<LoaderBookType>>>>("books").Resolve(_ => library.Books);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<LoaderAuthorType>>>>("authors").Resolve(_ => library.Authors);
        Field<LoaderAuthorType>("author")
            .Argument<NonNullGraphType<IntGraphType>>("id")
            .Resolve(ctx => LoaderAuthorType.Load(ctx, library, ctx.GetArgument<int>("id")));
    }
}

public sealed class LoaderMutation : ObjectGraphType
{
    public LoaderMutation(Library library) =>
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<LoaderBookType>>>>("shelveAll").Resolve(_ => library.Books);
}

public sealed class LoaderBookType : ObjectGraphType<Book>
{
    public LoaderBookType(Library library)
    {
        Name = "Book";
        Field(b => b.Title);
        Field<LoaderAuthorType>("author").Resolve(ctx => LoaderAuthorType.Load(ctx, library, ctx.Source.AuthorId));
        Field<LoaderAuthorType>("authorInPairs").Resolve(ctx => ctx.DataLoaders()
            .GetOrAddBatchLoader<int, Author>("authorInPairs", (ids, _) => Fetch(library, "authorInPairs", ids), maxBatchSize: 2)
            .LoadAsync(ctx.Source.AuthorId));
        Field<LoaderAuthorType>("brokenAuthor").Resolve(ctx => ctx.DataLoaders()
            .GetOrAddBatchLoader<int, Author>("brokenAuthor", (ids, _) =>
            {
                library.Record("brokenAuthor", ids);
                throw new InvalidOperationException("The author store is down.");
            })
            .LoadAsync(ctx.Source.AuthorId));
    }

    internal static Task<IReadOnlyDictionary<int, Author>> Fetch(Library library, string loader, IReadOnlyList<int> ids)
    {
        library.Record(loader, ids);
        return Task.FromResult<IReadOnlyDictionary<int, Author>>(library.Authors.Where(a => ids.Contains(a.Id)).ToDictionary(a => a.Id));
    }
}

public sealed class LoaderAuthorType : ObjectGraphType<Author>
{
    public LoaderAuthorType(Library library)
    {
        Name = "Author";
        Field(a => a.Name);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<LoaderBookType>>>>("books").Resolve(ctx => ctx.DataLoaders()
            .GetOrAddGroupLoader<int, Book>("booksByAuthor", (ids, _) =>
            {
                library.Record("booksByAuthor", ids);
                return Task.FromResult(library.Books.Where(b => ids.Contains(b.AuthorId)).ToLookup(b => b.AuthorId));
            })
            .LoadAsync(ctx.Source.Id));
    }

    internal static object Load(IResolveFieldContext ctx, Library library, int id) =>
        ctx.DataLoaders().GetOrAddBatchLoader<int, Author>("author", (ids, _) => LoaderBookType.Fetch(library, "author", ids)).LoadAsync(id);
}
