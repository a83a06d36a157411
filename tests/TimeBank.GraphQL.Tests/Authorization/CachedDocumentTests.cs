using System.Security.Claims;
using GraphQL;
using GraphQL.Validation;
using Microsoft.Extensions.DependencyInjection;
using TimeBank.GraphQL.Authorization;
using TimeBank.GraphQL.Relay;
using TimeBank.GraphQL.Tests.BlocksSupport;
using TimeBank.GraphQL.Tests.Relay;

namespace TimeBank.GraphQL.Tests.Authorization;

/// <summary>A document validated for one user must be checked again for the next one.</summary>
public sealed class CachedDocumentTests : IDisposable
{
    private static readonly ClaimsPrincipal Anonymous = new(new ClaimsIdentity());
    private static readonly ClaimsPrincipal Admin = new(new ClaimsIdentity([new Claim(ClaimTypes.Role, "ADMIN")], "test"));

    private readonly GraphQLTestHost<GuardedSchema> _guarded = new(
        b => b.AddTestDocumentCache().AddRelayNodes().AddAuthorizationRule(o => o.AddPolicy("staff", _ => true).AddPolicy("short-term", _ => true))
            .AddValidationRule<CountingRule>(),
        s => s.AddSingleton<Library>());

    private readonly GraphQLTestHost<NodeSchema> _nodes = new(b => b.AddTestDocumentCache().AddRelayNodes(), s => s.AddSingleton<Library>());

    [Fact]
    public async Task The_authorization_rule_runs_again_on_a_cached_document()
    {
        var admin = await _guarded.ExecuteAsync("{ report }", user: Admin);
        var anonymous = await _guarded.ExecuteAsync("{ report }", user: Anonymous);
        var adminAgain = await _guarded.ExecuteAsync("{ report }", user: Admin);

        Assert.Equal("""{"report":"all well"}""", admin["data"].Compact());
        Assert.Equal(["UNAUTHENTICATED"], anonymous.ErrorCodes());
        Assert.Null(anonymous["data"]);
        Assert.Equal("""{"report":"all well"}""", adminAgain["data"].Compact());
        // Proof that the later requests took the cached path: a rule not marked for cached documents ran once.
        Assert.Equal(1, _guarded.Get<CountingRule>().Runs);
    }

    [Fact]
    public async Task Typed_ids_in_variables_are_still_refused_on_a_cached_document()
    {
        const string Query = "query($id: ID!) { book(bookId: $id) { title } }";
        var good = await _nodes.ExecuteAsync(Query, $$"""{"id":"{{GlobalId.Encode("Book", 2)}}"}""");
        var wrong = await _nodes.ExecuteAsync(Query, $$"""{"id":"{{GlobalId.Encode("Author", 2)}}"}""");

        Assert.Equal("""{"book":{"title":"Kindred"}}""", good["data"].Compact());
        Assert.Equal(["INVALID_ID"], wrong.ErrorCodes());
        Assert.Null(wrong["data"]?["book"]);
    }

    public void Dispose()
    {
        _guarded.Dispose();
        _nodes.Dispose();
    }
}

public sealed class CountingRule : ValidationRuleBase
{
    private int _runs;

    public int Runs => _runs;

    public override ValueTask<INodeVisitor?> GetPreNodeVisitorAsync(ValidationContext context)
    {
        Interlocked.Increment(ref _runs);
        return default;
    }
}
