using System.Globalization;
using GraphQL.Validation;
using GraphQL.Validation.Errors.Custom;
using TimeBank.GraphQL.Execution;

namespace TimeBank.GraphQL.Introspection;

/// <summary>
/// Refuses an operation whose introspection would resolve more than <see cref="GraphQLServerOptions.MaxIntrospectionFields"/>
/// fields (<c>COMPLEXITY</c>), counted by <see cref="IntrospectionSize"/>. Runs after the specification's rules, on
/// cached documents too (the count depends on the variables).
/// </summary>
internal sealed class IntrospectionBudgetRule(int maxFields) : IValidationRule
{
    public ValueTask<INodeVisitor?> GetPreNodeVisitorAsync(ValidationContext context) => default;

    public ValueTask<IVariableVisitor?> GetVariableVisitorAsync(ValidationContext context) => default;

    public ValueTask<INodeVisitor?> GetPostNodeVisitorAsync(ValidationContext context)
    {
        if (!context.HasErrors && MayIntrospect(context) && IntrospectionSize.Count(context, maxFields) > maxFields)
        {
            context.ReportError(new ComplexityError(string.Format(CultureInfo.InvariantCulture,
                "Introspection is too large: this document's would resolve more than {0} fields.", maxFields))
            {
                Code = GraphQLErrorCodes.Complexity,
            });
        }
        return default;
    }

    // Names are written as they are (no escapes), so a document without these words selects neither field.
    private static bool MayIntrospect(ValidationContext context)
    {
        var text = context.Document.Source.Span;
        return text.Contains("__schema", StringComparison.Ordinal) || text.Contains("__type", StringComparison.Ordinal);
    }
}
