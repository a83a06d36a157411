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
        if (!context.HasErrors && IntrospectionSize.Count(context, maxFields) is var count && count > maxFields)
        {
            context.ReportError(new ComplexityError(string.Format(CultureInfo.InvariantCulture,
                "Introspection is too large: this document's would resolve more than {0} fields.", maxFields))
            {
                Code = GraphQLErrorCodes.Complexity,
            });
        }
        return default;
    }
}
