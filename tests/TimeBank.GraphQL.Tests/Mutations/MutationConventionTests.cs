using FluentValidation;
using GraphQL.Types;
using Microsoft.Extensions.DependencyInjection;
using TimeBank.GraphQL.Mutations;
using TimeBank.GraphQL.Relay;
using TimeBank.GraphQL.Tests.BlocksSupport;

namespace TimeBank.GraphQL.Tests.Mutations;

public sealed class MutationConventionTests : IDisposable
{
    private const string Selection = "book { title } errors { code message path }";

    private static readonly string Ursula = GlobalId.Encode("Author", 1);

    private readonly GraphQLTestHost<ShelvingSchema> _host = new(b => b.AddMutationConventions(), s => s.AddSingleton<Library>());

    [Fact]
    public async Task ASuccessfulMutationReturnsTheChangedObjectAndNoErrors()
    {
        var response = await ShelveAsync($$"""{ title: "Lavinia", authorId: "{{Ursula}}" }""");

        Assert.Equal("""{"book":{"title":"Lavinia"},"errors":[]}""", response.Compact());
        Assert.Contains(_host.Get<Library>().Books, b => b.Title == "Lavinia" && b.AuthorId == 1);
    }

    [Fact]
    public async Task AResultStatusBecomesItsDeclaredCodeMessageAndPath()
    {
        var duplicate = await ShelveAsync($$"""{ title: "Earthsea", authorId: "{{Ursula}}" }""");
        var full = await ShelveAsync($$"""{ title: "Full", authorId: "{{Ursula}}" }""");

        Assert.Equal(
            """{"book":null,"errors":[{"code":"DUPLICATE_TITLE","message":"That title is already on the shelf.","path":["input","title"]}]}""",
            duplicate.Compact());
        Assert.Equal(
            """{"book":null,"errors":[{"code":"NO_ROOM","message":"The shelf is full.","path":null}]}""",
            full.Compact());
    }

    [Fact]
    public async Task ValidationFailuresBecomeUserErrorsWithInputPaths()
    {
        var response = await ShelveAsync($$"""
            { title: "", authorId: "{{Ursula}}", edition: { year: -3 }, tags: ["ok", "", "fine"] }
            """);

        var errors = response["errors"]!.AsArray();
        Assert.Null(response["book"]);
        Assert.Equal(
            ["INVALID_INPUT input.title", "YEAR_BEFORE_PRINTING input.edition.year", "INVALID_INPUT input.tags.1"],
            errors.Select(e => $"{e!["code"]} {string.Join('.', e["path"]!.AsArray().Select(p => p!.GetValue<string>()))}"));
        Assert.All(errors, e => Assert.False(string.IsNullOrWhiteSpace(e!["message"]!.GetValue<string>())));
        Assert.DoesNotContain(_host.Get<Library>().Books, b => b.Title.Length == 0);
    }

    [Fact]
    public async Task TheMutationTakesOneNonNullInputAndReturnsANonNullPayload()
    {
        var response = await _host.ExecuteAsync("""
            { __schema { mutationType { fields { name args { name type { kind ofType { name } } } type { kind ofType { name } } } } }
              __type(name: "UserError") { description fields { name type { kind name ofType { kind name ofType { name } } } } } }
            """);

        Assert.Equal(
            """[{"name":"shelveBook","args":[{"name":"input","type":{"kind":"NON_NULL","ofType":{"name":"ShelveBookInput"}}}],"type":{"kind":"NON_NULL","ofType":{"name":"ShelveBookPayload"}}}]""",
            response["data"]!["__schema"]!["mutationType"]!["fields"].Compact());
        var userError = response["data"]!["__type"]!;
        Assert.False(string.IsNullOrWhiteSpace(userError["description"]!.GetValue<string>()));
        Assert.Equal(
            """[{"name":"code","type":{"kind":"NON_NULL","name":null,"ofType":{"kind":"SCALAR","name":"String","ofType":null}}},{"name":"message","type":{"kind":"NON_NULL","name":null,"ofType":{"kind":"SCALAR","name":"String","ofType":null}}},{"name":"path","type":{"kind":"LIST","name":null,"ofType":{"kind":"NON_NULL","name":null,"ofType":{"name":"String"}}}}]""",
            userError["fields"].Compact());
    }

    [Theory]
    [InlineData("InsufficientCredit", "INSUFFICIENT_CREDIT")]
    [InlineData("HTTPTimeout", "HTTP_TIMEOUT")]
    [InlineData("Over18Only", "OVER18_ONLY")]
    [InlineData("Done", "DONE")]
    public void StatusNamesBecomeScreamingSnakeCodes(string name, string code) =>
        Assert.Equal(code, UserErrorCodes.ToScreamingSnake(name));

    private async Task<System.Text.Json.Nodes.JsonNode> ShelveAsync(string input)
    {
        var response = await _host.ExecuteAsync($"mutation {{ shelveBook(input: {input}) {{ {Selection} }} }}");
        Assert.Null(response["errors"]?.ToJsonString());
        return response["data"]!["shelveBook"]!;
    }

    public void Dispose() => _host.Dispose();
}

public sealed record ShelveBookInput(string Title, int AuthorId, EditionInput? Edition, List<string>? Tags);

public sealed record EditionInput(int Year);

public sealed class ShelveBookPayload : Payload
{
    public Book? Book { get; init; }
}

public sealed class ShelveBookValidator : AbstractValidator<ShelveBookInput>
{
    public ShelveBookValidator()
    {
        RuleFor(i => i.Title).NotEmpty().MaximumLength(40);
        RuleFor(i => i.Edition!.Year).GreaterThan(1450).WithErrorCode("YEAR_BEFORE_PRINTING").When(i => i.Edition is not null);
        RuleForEach(i => i.Tags).NotEmpty();
    }
}

public sealed class ShelvingSchema : global::GraphQL.Types.Schema
{
    public ShelvingSchema(IServiceProvider services) : base(services)
    {
        Query = services.GetRequiredService<ShelvingQuery>();
        Mutation = services.GetRequiredService<ShelvingMutation>();
    }
}

public sealed class ShelvingQuery : ObjectGraphType
{
    public ShelvingQuery(Library library) => Field<IntGraphType>("bookCount").Resolve(_ => library.Books.Count);
}

public sealed class ShelvingMutation : ObjectGraphType
{
    private static readonly ShelveBookValidator Validator = new();

    public ShelvingMutation(Library library)
    {
        this.Mutation<ShelveBookInputType, ShelveBookPayloadType>("shelveBook", "Puts a new book on the shelf.")
            .ResolveAsync(async ctx =>
            {
                var input = ctx.GetInput<ShelveBookInput>();
                var invalid = await Validator.ValidateToUserErrorsAsync(input, ctx.CancellationToken);
                if (invalid.Count > 0)
                {
                    return Payload.Fail<ShelveBookPayload>(invalid);
                }
                if (input.Title == "Full")
                {
                    return Payload.Fail<ShelveBookPayload>(new UserError("NO_ROOM", "The shelf is full."));
                }
                if (library.Books.Exists(b => b.Title == input.Title))
                {
                    return Payload.Fail<ShelveBookPayload>(new UserError("DUPLICATE_TITLE", "That title is already on the shelf.", ["input", "title"]));
                }
                var book = new Book(library.Books.Count + 1, input.Title, input.AuthorId, 1);
                library.Books.Add(book);
                return new ShelveBookPayload { Book = book };
            });
    }
}

public sealed class ShelveBookInputType : InputObjectGraphType<ShelveBookInput>
{
    public ShelveBookInputType()
    {
        Name = "ShelveBookInput";
        Field(i => i.Title);
        Field<NonNullGraphType<IdGraphType>>("authorId").ParseValue(NodeExtensions.IdParser<int>("Author"));
        Field<EditionInputType>("edition");
        Field<ListGraphType<NonNullGraphType<StringGraphType>>>("tags");
    }
}

public sealed class EditionInputType : InputObjectGraphType<EditionInput>
{
    public EditionInputType()
    {
        Name = "EditionInput";
        Field(e => e.Year);
    }
}

public sealed class ShelveBookPayloadType : PayloadType<ShelveBookPayload>
{
    public ShelveBookPayloadType()
    {
        Name = "ShelveBookPayload";
        Field<ShelvedBookType>("book").Resolve(ctx => ctx.Source.Book);
    }
}

public sealed class ShelvedBookType : ObjectGraphType<Book>
{
    public ShelvedBookType()
    {
        Name = "Book";
        Field(b => b.Title);
    }
}
