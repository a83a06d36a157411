using GraphQL.Validation;
using GraphQLParser.AST;

namespace TimeBank.GraphQL.Limits;

/// <summary>
/// The first validation rule of every request, looking in before each node is validated: it stops
/// validation when the request is cancelled (the client went away, or the execution timeout passed),
/// and once more than <c>MaxErrors</c> errors have been found, since every further error only costs more
/// to find, to locate and to send. GraphQL.NET's own rules do not look at the cancellation token.
/// </summary>
internal sealed class ValidationGuard(int maxErrors) : IValidationRule, INodeVisitor
{
    public ValueTask<INodeVisitor?> GetPreNodeVisitorAsync(ValidationContext context) => new(this);

    public ValueTask<IVariableVisitor?> GetVariableVisitorAsync(ValidationContext context) => default;

    public ValueTask<INodeVisitor?> GetPostNodeVisitorAsync(ValidationContext context) => default;

    public ValueTask EnterAsync(ASTNode node, ValidationContext context)
    {
        context.CancellationToken.ThrowIfCancellationRequested();
        if (context.HasErrors && context.Errors.Count() > maxErrors)
        {
            throw new TooManyErrorsError(context.Errors.Take(maxErrors).ToArray());
        }
        return default;
    }

    public ValueTask LeaveAsync(ASTNode node, ValidationContext context) => default;
}
