using GraphQL.Types;

namespace TimeBank.Api.Schema;

/// <summary>The query root: a table of contents, each topic adds its fields.</summary>
public sealed class Query : ObjectGraphType
{
    public Query()
    {
        Name = "Query";
        Description = "Everything a client can read.";
        Field<NonNullGraphType<StringGraphType>>("apiVersion")
            .Description("The version of the TimeBank API answering this request.")
            .Resolve(_ => ApiVersion.Current);
    }
}
