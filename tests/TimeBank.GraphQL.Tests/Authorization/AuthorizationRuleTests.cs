using System.Security.Claims;
using GraphQL;
using GraphQL.Types;
using Microsoft.Extensions.DependencyInjection;
using TimeBank.GraphQL.Authorization;
using TimeBank.GraphQL.Relay;
using TimeBank.GraphQL.Tests.BlocksSupport;

namespace TimeBank.GraphQL.Tests.Authorization;

public sealed class AuthorizationRuleTests : IDisposable
{
    private static readonly ClaimsPrincipal Anonymous = new(new ClaimsIdentity());
    private static readonly ClaimsPrincipal Reader = User();
    private static readonly ClaimsPrincipal Admin = User(new Claim(ClaimTypes.Role, "ADMIN"));
    private static readonly ClaimsPrincipal Librarian = User(new Claim(ClaimTypes.Role, "LIBRARIAN"), new Claim("staff", "yes"));

    private readonly GraphQLTestHost<GuardedSchema> _host = new(
        b => b.AddRelayNodes().AddAuthorizationRule(o => o.AddPolicy("staff", c => c.User.HasClaim("staff", "yes")))
            .AddAuthorizationPolicies(o => o.AddPolicy("short-term", c => c.Arguments.TryGetValue("term", out var term) && ((string)term.Value!).Length <= 5)),
        s => s.AddSingleton<Library>());

    [Fact]
    public async Task Anyone_reads_what_requires_nothing()
    {
        var response = await _host.ExecuteAsync("{ books { title } }", user: Anonymous);

        Assert.Null(response["errors"]);
        Assert.Equal("Earthsea", response["data"]!["books"]![0]!["title"]!.GetValue<string>());
    }

    [Fact]
    public async Task Anonymous_users_are_unauthenticated_before_anything_runs()
    {
        var response = await _host.ExecuteAsync("{ books { title } note }", user: Anonymous);

        Assert.Equal(["UNAUTHENTICATED"], response.ErrorCodes());
        Assert.Null(response["data"]);
        Assert.Empty(_host.Get<Library>().Fetches);
    }

    [Fact]
    public async Task Signed_in_users_pass_a_sign_in_requirement()
    {
        var response = await _host.ExecuteAsync("{ note }", user: Reader);

        Assert.Equal("""{"note":"for members"}""", response["data"].Compact());
    }

    [Fact]
    public async Task A_missing_role_is_forbidden_and_the_right_role_passes()
    {
        var reader = await _host.ExecuteAsync("{ report }", user: Reader);
        var anonymous = await _host.ExecuteAsync("{ report }", user: Anonymous);
        var admin = await _host.ExecuteAsync("{ report }", user: Admin);

        Assert.Equal(["FORBIDDEN"], reader.ErrorCodes());
        Assert.Contains("ADMIN", reader["errors"]![0]!["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(["UNAUTHENTICATED"], anonymous.ErrorCodes());
        Assert.Equal("""{"report":"all well"}""", admin["data"].Compact());
    }

    [Theory]
    [InlineData("{ report @skip(if: true) books { title } }", null)]
    [InlineData("{ report @include(if: false) books { title } }", null)]
    [InlineData("query($show: Boolean!) { report @include(if: $show) books { title } }", """{"show":false}""")]
    [InlineData("query($hide: Boolean!) { ... on Query @skip(if: $hide) { report } books { title } }", """{"hide":true}""")]
    [InlineData("{ ...Secret @skip(if: true) books { title } } fragment Secret on Query { report }", null)]
    public async Task Skipped_selections_are_not_checked(string query, string? variables)
    {
        var response = await _host.ExecuteAsync(query, variables, Reader);

        Assert.Null(response["errors"]);
        Assert.NotNull(response["data"]!["books"]);
    }

    [Theory]
    [InlineData("query($show: Boolean!) { report @include(if: $show) }", """{"show":true}""")]
    [InlineData("{ ...Secret } fragment Secret on Query { report }", null)]
    [InlineData("{ ... on Query { report } }", null)]
    [InlineData("{ ... { ...Outer } } fragment Outer on Query { ...Inner } fragment Inner on Query { report }", null)]
    [InlineData("{ books { title shelf { label } } }", null)]
    public async Task Fragments_inline_fragments_and_nested_fields_are_checked(string query, string? variables)
    {
        var response = await _host.ExecuteAsync(query, variables, Reader);

        Assert.Equal(["FORBIDDEN"], response.ErrorCodes());
        Assert.Null(response["data"]);
    }

    [Fact]
    public async Task A_type_requirement_applies_wherever_the_type_is_selected()
    {
        var reader = await _host.ExecuteAsync("{ shelf { label } }", user: Reader);
        var librarian = await _host.ExecuteAsync("{ shelf { label } books { shelf { label } } }", user: Librarian);

        Assert.Equal(["FORBIDDEN"], reader.ErrorCodes());
        Assert.Null(librarian["errors"]);
        Assert.Equal("Fiction", librarian["data"]!["books"]![0]!["shelf"]!["label"]!.GetValue<string>());
    }

    [Fact]
    public async Task Policies_see_the_user_and_the_arguments()
    {
        var staff = await _host.ExecuteAsync("{ books { title staffNote } }", user: Librarian);
        var notStaff = await _host.ExecuteAsync("{ books { title staffNote } }", user: Reader);
        var shortTerm = await _host.ExecuteAsync("""{ search(term: "sea") }""", user: Reader);
        var longTerm = await _host.ExecuteAsync("query($t: String!) { search(term: $t) }", """{"t":"a much longer term"}""", Reader);

        Assert.Null(staff["errors"]);
        Assert.Equal(["FORBIDDEN"], notStaff.ErrorCodes());
        Assert.Equal("""{"search":"found sea"}""", shortTerm["data"].Compact());
        Assert.Equal(["FORBIDDEN"], longTerm.ErrorCodes());
    }

    [Fact]
    public async Task Every_failing_selection_is_reported()
    {
        var response = await _host.ExecuteAsync("{ note report shelf { label } }", user: Anonymous);

        Assert.Equal(["UNAUTHENTICATED", "UNAUTHENTICATED", "UNAUTHENTICATED"], response.ErrorCodes());
    }

    [Fact]
    public async Task Introspection_is_allowed_to_anyone()
    {
        var response = await _host.ExecuteAsync(
            """{ __typename __schema { queryType { name } } __type(name: "Shelf") { fields { name } } }""",
            user: Anonymous);

        Assert.Null(response["errors"]);
        Assert.Equal("Query", response["data"]!["__typename"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_root_type_requirement_covers_the_whole_operation()
    {
        var anonymous = await _host.ExecuteAsync("mutation { borrow }", user: Anonymous);
        var reader = await _host.ExecuteAsync("mutation { borrow }", user: Reader);

        Assert.Equal(["UNAUTHENTICATED"], anonymous.ErrorCodes());
        Assert.Equal("""{"borrow":true}""", reader["data"].Compact());
    }

    [Fact]
    public async Task Only_the_selected_operation_is_checked()
    {
        var response = await _host.ExecuteAsync("query Open { books { title } } query Closed { report }", user: Reader, operationName: "Open");

        Assert.Null(response["errors"]);
    }

    [Fact]
    public async Task An_unknown_policy_name_fails_closed()
    {
        var response = await _host.ExecuteAsync("{ misconfigured }", user: Admin);

        // A configuration mistake is an unexpected failure (masked by the executer), never an open door.
        Assert.NotEmpty(response.ErrorCodes());
        Assert.Null(response["data"]);
    }

    [Fact]
    public async Task Node_treats_an_object_the_user_may_not_see_as_missing()
    {
        var shelf = GlobalId.Encode("Shelf", Library.FictionShelf);
        var book = GlobalId.Encode("Book", 1);
        var query = $$"""{ node(id: "{{shelf}}") { id } nodes(ids: ["{{book}}", "{{shelf}}"]) { id } }""";

        var reader = await _host.ExecuteAsync(query, user: Reader);
        var librarian = await _host.ExecuteAsync(query, user: Librarian);

        Assert.Null(reader["errors"]);
        Assert.Equal($$"""{"node":null,"nodes":[{"id":"{{book}}"},null]}""", reader["data"].Compact());
        Assert.Equal($$"""{"node":{"id":"{{shelf}}"},"nodes":[{"id":"{{book}}"},{"id":"{{shelf}}"}]}""", librarian["data"].Compact());
    }

    private static ClaimsPrincipal User(params Claim[] claims) =>
        new(new ClaimsIdentity([new Claim(ClaimTypes.Name, "someone"), .. claims], authenticationType: "test"));

    public void Dispose() => _host.Dispose();
}

public sealed class GuardedSchema : global::GraphQL.Types.Schema
{
    public GuardedSchema(IServiceProvider services) : base(services)
    {
        Query = services.GetRequiredService<GuardedQuery>();
        Mutation = services.GetRequiredService<GuardedMutation>();
    }
}

public sealed class GuardedQuery : ObjectGraphType
{
    public GuardedQuery(Library library)
    {
        Name = "Query";
        this.AddNodeFields();
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<GuardedBookType>>>>("books").Resolve(_ =>
        {
            library.Record("books", Array.Empty<int>());
            return library.Books;
        });
        Field<StringGraphType>("note").Resolve(_ => "for members").RequireAuthenticated();
        Field<StringGraphType>("report").Resolve(_ => "all well").RequireRole("ADMIN");
        Field<GuardedShelfType>("shelf").Resolve(_ => library.Shelves[0]);
        Field<StringGraphType>("search")
            .Argument<NonNullGraphType<StringGraphType>>("term")
            .Resolve(ctx => $"found {ctx.GetArgument<string>("term")}")
            .RequirePolicy("short-term");
        Field<StringGraphType>("misconfigured").Resolve(_ => "should not be read").RequirePolicy("no-such-policy");
    }
}

public sealed class GuardedMutation : ObjectGraphType
{
    public GuardedMutation()
    {
        Name = "Mutation";
        this.RequireAuthenticated();
        Field<BooleanGraphType>("borrow").Resolve(_ => true);
    }
}

public sealed class GuardedBookType : ObjectGraphType<Book>
{
    public GuardedBookType(Library library)
    {
        Name = "Book";
        this.IsNode(b => b.Id, (ids, _) => Task.FromResult<IReadOnlyDictionary<int, Book>>(library.Books.Where(b => ids.Contains(b.Id)).ToDictionary(b => b.Id)));
        Field(b => b.Title);
        Field<StringGraphType>("staffNote").Resolve(_ => "handle with care").RequirePolicy("staff");
        Field<GuardedShelfType>("shelf").Resolve(ctx => library.Shelves[0]);
    }
}

public sealed class GuardedShelfType : ObjectGraphType<Shelf>
{
    public GuardedShelfType(Library library)
    {
        Name = "Shelf";
        this.RequireRole("LIBRARIAN", "ADMIN");
        this.IsNode(s => s.Id, (ids, _) => Task.FromResult<IReadOnlyDictionary<Guid, Shelf>>(library.Shelves.Where(s => ids.Contains(s.Id)).ToDictionary(s => s.Id)));
        Field(s => s.Label);
    }
}
