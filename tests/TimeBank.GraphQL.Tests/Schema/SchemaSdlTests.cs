using GraphQL.Types;
using TimeBank.GraphQL.Schema;

namespace TimeBank.GraphQL.Tests.Schema;

public sealed class SchemaSdlTests
{
    [Fact]
    public void PrintsTypesInOrdinalOrderWithDescriptions()
    {
        var query = new ObjectGraphType { Name = "Query", Description = "Toy root." };
        query.Field<StringGraphType>("zebra").Description("Last by name.");
        query.Field<StringGraphType>("apple").Description("First by name.");
        var schema = new global::GraphQL.Types.Schema { Query = query };
        schema.Initialize();

        var sdl = SchemaSdl.Print(schema);

        Assert.Equal(
            """
            "Toy root."
            type Query {
              "First by name."
              apple: String
              "Last by name."
              zebra: String
            }

            """,
            sdl.ReplaceLineEndings("\n"));
    }
}
