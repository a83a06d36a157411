using Microsoft.Extensions.DependencyInjection;
using TimeBank.GraphQL.Relay;
using TimeBank.GraphQL.Tests.BlocksSupport;

namespace TimeBank.GraphQL.Tests.Relay;

/// <summary>A document validated once must still check the typed IDs of each request's variables.</summary>
public sealed class CachedDocumentIdTests : IDisposable
{
    private readonly GraphQLTestHost<NodeSchema> _nodes = new(b => b.AddTestDocumentCache().AddRelayNodes(), s => s.AddSingleton<Library>());

    [Fact]
    public async Task TypedIdsInVariablesAreStillRefusedOnACachedDocument()
    {
        const string Query = "query($id: ID!) { book(bookId: $id) { title } }";
        var good = await _nodes.ExecuteAsync(Query, $$"""{"id":"{{GlobalId.Encode("Book", 2)}}"}""");
        var wrong = await _nodes.ExecuteAsync(Query, $$"""{"id":"{{GlobalId.Encode("Author", 2)}}"}""");

        Assert.Equal("""{"book":{"title":"Kindred"}}""", good["data"].Compact());
        Assert.Equal(["INVALID_ID"], wrong.ErrorCodes());
        Assert.Null(wrong["data"]?["book"]);
    }

    public void Dispose() => _nodes.Dispose();
}
