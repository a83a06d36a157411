using GraphQL.Validation;
using GraphQLParser.AST;
using TimeBank.GraphQL.Execution;

namespace TimeBank.GraphQL.Introspection;

/// <summary>
/// With <see cref="GraphQLServerOptions.Introspection"/> off, refuses <c>__schema</c> and <c>__type</c> wherever
/// they stand (<c>INTROSPECTION_DISABLED</c>); <c>__typename</c>, which clients need to read unions and
/// normalize caches, stays allowed.
/// </summary>
internal sealed class IntrospectionDisabledRule : IValidationRule
{
    public static readonly IntrospectionDisabledRule Instance = new();

    private static readonly MatchingNodeVisitor<GraphQLField> Visitor = new((field, context) =>
    {
        if (field.Name.StringValue is "__schema" or "__type")
        {
            context.ReportError(new IntrospectionDisabledError(context.Document.Source, field));
        }
    });

    private IntrospectionDisabledRule()
    {
    }

    public ValueTask<INodeVisitor?> GetPreNodeVisitorAsync(ValidationContext context) => new(Visitor);

    public ValueTask<IVariableVisitor?> GetVariableVisitorAsync(ValidationContext context) => default;

    public ValueTask<INodeVisitor?> GetPostNodeVisitorAsync(ValidationContext context) => default;
}

/// <summary>Reported by <see cref="IntrospectionDisabledRule"/>.</summary>
public sealed class IntrospectionDisabledError : ValidationError
{
    public IntrospectionDisabledError(GraphQLParser.ROM source, ASTNode node)
        : base(source, null, "Introspection is turned off on this server.", node)
    {
        Code = GraphQLErrorCodes.IntrospectionDisabled;
    }
}
