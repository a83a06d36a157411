using GraphQL.Types;
using Microsoft.Extensions.DependencyInjection;
using TimeBank.GraphQL.Connections;
using TimeBank.GraphQL.Mutations;
using TimeBank.GraphQL.Relay;
using TimeBank.GraphQL.Schema;

namespace TimeBank.GraphQL.Tests.BlocksSupport;

/// <summary>The API requires a description on every type, field and argument: the blocks must not add undescribed ones.</summary>
public sealed class DescribedSchemaTests
{
    [Fact]
    public void EverythingTheBlocksAddIsDescribed()
    {
        using var host = new GraphQLTestHost<DescribedSchema>(
            b => b.AddRelayNodes().AddConnections().AddMutationConventions(),
            s => s.AddSingleton<Library>());
        var schema = host.Get<DescribedSchema>();
        schema.Initialize();

        var undescribed = new List<string>();
        foreach (var type in schema.AllTypes.Where(t => !t.Name.StartsWith("__", StringComparison.Ordinal) && t is not ScalarGraphType))
        {
            Check(type.Description, type.Name);
            foreach (var field in (type as IComplexGraphType)?.Fields ?? [])
            {
                Check(field.Description, $"{type.Name}.{field.Name}");
                foreach (var argument in field.Arguments ?? [])
                {
                    Check(argument.Description, $"{type.Name}.{field.Name}({argument.Name})");
                }
            }
        }

        Assert.Empty(undescribed);
        Assert.Contains("interface Node", SchemaSdl.Print(schema), StringComparison.Ordinal);

        void Check(string? description, string what)
        {
            if (string.IsNullOrWhiteSpace(description))
            {
                undescribed.Add(what);
            }
        }
    }
}

public sealed class DescribedSchema : global::GraphQL.Types.Schema
{
    public DescribedSchema(IServiceProvider services) : base(services)
    {
        Query = services.GetRequiredService<DescribedQuery>();
        Mutation = services.GetRequiredService<DescribedMutation>();
    }
}

public sealed class DescribedQuery : ObjectGraphType
{
    public DescribedQuery(Library library)
    {
        Name = "Query";
        Description = "Reading the library.";
        this.AddNodeFields();
        Field<NonNullGraphType<ConnectionType<DescribedBookType>>>("books")
            .Description("Every book.")
            .PageArguments()
            .ResolveAsync(async ctx => await library.Books.ToConnectionAsync(new KeysetOrder<Book>().By(b => b.Id), ctx.GetPageRequest()));
    }
}

public sealed class DescribedMutation : ObjectGraphType
{
    public DescribedMutation()
    {
        Name = "Mutation";
        Description = "Changing the library.";
        this.Mutation<RenameBookInputType, RenameBookPayloadType>("renameBook", "Gives a book a new title.")
            .Resolve(_ => new RenameBookPayload());
    }
}

public sealed record RenameBookInput(int BookId, string Title);

public sealed class RenameBookPayload : Payload
{
    public Book? Book { get; init; }
}

public sealed class RenameBookInputType : InputObjectGraphType<RenameBookInput>
{
    public RenameBookInputType()
    {
        Name = "RenameBookInput";
        Description = "Which book gets which title.";
        Field<NonNullGraphType<IdGraphType>>("bookId").Description("The book.").ParseValue(NodeExtensions.IdParser<int>("Book"));
        Field(i => i.Title).Description("The new title.");
    }
}

public sealed class RenameBookPayloadType : PayloadType<RenameBookPayload>
{
    public RenameBookPayloadType()
    {
        Name = "RenameBookPayload";
        Description = "The renamed book, or why it was not renamed.";
        Field<DescribedBookType>("book").Description("The book with its new title.").Resolve(ctx => ctx.Source.Book);
    }
}

public sealed class DescribedBookType : ObjectGraphType<Book>
{
    public DescribedBookType(Library library)
    {
        Name = "Book";
        Description = "A book.";
        this.IsNode(b => b.Id, (ids, _) => Task.FromResult<IReadOnlyDictionary<int, Book>>(library.Books.Where(b => ids.Contains(b.Id)).ToDictionary(b => b.Id)));
        Field(b => b.Title).Description("Its title.");
    }
}
