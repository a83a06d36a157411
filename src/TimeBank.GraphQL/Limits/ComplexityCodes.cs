using GraphQL.Validation.Complexity;
using GraphQL.Validation.Errors.Custom;
using TimeBank.GraphQL.Execution;

namespace TimeBank.GraphQL.Limits;

/// <summary>
/// Gives the complexity analyzer's refusals their codes: too deep is <c>QUERY_TOO_DEEP</c>, as the
/// document bounds say it, too costly stays <c>COMPLEXITY</c>. (GraphQL.NET codes both COMPLEXITY.)
/// </summary>
internal static class ComplexityCodes
{
    public static Task Apply(ComplexityValidationContext context)
    {
        if (context.Error is not null)
        {
            var tooDeep = context.MaxDepth > context.Configuration.MaxDepth;
            context.Error = new ComplexityError(context.Error.Message)
            {
                Code = tooDeep ? GraphQLErrorCodes.QueryTooDeep : GraphQLErrorCodes.Complexity,
            };
        }
        return Task.CompletedTask;
    }
}
