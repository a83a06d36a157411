using GraphQL.Validation;
using GraphQLParser.AST;

namespace TimeBank.GraphQL.Execution;

/// <summary>
/// Refuses an operation whose type the transport does not carry: GET runs queries only (a GET must not
/// change anything), plain HTTP has no subscriptions. Runs as a validation rule so that the operation
/// chosen by <c>operationName</c> is the one checked, for cached documents too.
/// </summary>
internal sealed class OperationTypeRule : IValidationRule
{
    public static readonly OperationTypeRule QueriesOnly = new([OperationType.Query], "over GET; use POST");
    public static readonly OperationTypeRule QueriesAndMutations = new([OperationType.Query, OperationType.Mutation], "over HTTP; use the WebSocket transport");

    private readonly OperationType[] _allowed;
    private readonly string _hint;

    private OperationTypeRule(OperationType[] allowed, string hint)
    {
        _allowed = allowed;
        _hint = hint;
    }

    public ValueTask<INodeVisitor?> GetPreNodeVisitorAsync(ValidationContext context)
    {
        if (context.Operation is { } operation && !_allowed.Contains(operation.Operation))
        {
            context.ReportError(new OperationNotAllowedError(
                context.Document.Source, operation,
                $"A {operation.Operation.ToString().ToLowerInvariant()} cannot be executed {_hint}."));
        }
        return ValueTask.FromResult<INodeVisitor?>(null);
    }

    public ValueTask<IVariableVisitor?> GetVariableVisitorAsync(ValidationContext context) => ValueTask.FromResult<IVariableVisitor?>(null);

    public ValueTask<INodeVisitor?> GetPostNodeVisitorAsync(ValidationContext context) => ValueTask.FromResult<INodeVisitor?>(null);
}

/// <summary>Reported by <see cref="OperationTypeRule"/>; HTTP answers it with 405.</summary>
public sealed class OperationNotAllowedError : ValidationError
{
    public OperationNotAllowedError(GraphQLParser.ROM source, ASTNode node, string message) : base(source, null, message, node)
    {
        Code = GraphQLErrorCodes.OperationNotAllowed;
    }
}
