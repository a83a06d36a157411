using System.Runtime.CompilerServices;
using GraphQL.Validation;
using GraphQLParser.AST;

namespace TimeBank.GraphQL.Execution;

/// <summary>
/// GraphQL.NET's validator, which keeps its verdict on a cached query sent without variables: the rules a cached
/// document still needs (<see cref="ValidationRuleSets"/>) read only the document, the transport and the variables,
/// so with no variables the answer (valid, with the arguments parsed from the document's literals) is the same every
/// time, and a repeated <c>{ me { ... } }</c> is validated once per document and transport instead of on every
/// request. Only a valid verdict is kept, only for queries (a mutation's arguments are parsed again each time), and
/// only under a cached document's operation, so it lives as long as the <see cref="DocumentCache"/> holds the document.
/// Anything else, including every request whose rules a host extended with <c>AddValidationRule</c>, is validated as usual.
/// </summary>
internal sealed class CachingDocumentValidator(ValidationRuleSets ruleSets) : IDocumentValidator
{
    private readonly DocumentValidator _validator = new();
    private readonly ConditionalWeakTable<GraphQLOperationDefinition, IValidationResult?[]> _verdicts = [];
    private long _validations;

    /// <summary>How many requests GraphQL.NET's validator has validated (for tests).</summary>
    internal long Validations => Interlocked.Read(ref _validations);

    public Task<IValidationResult> ValidateAsync(in ValidationOptions options)
    {
        var set = options.Operation.Operation == OperationType.Query && options.Variables.Count == 0
            ? ruleSets.IndexOfCached(options.Rules)
            : -1;
        if (set < 0)
        {
            return Validate(options);
        }
        var verdicts = _verdicts.GetValue(options.Operation, _ => new IValidationResult?[ruleSets.Count]);
        return verdicts[set] is { } known ? Task.FromResult(known) : ValidateAndKeepAsync(Validate(options), verdicts, set);
    }

    private Task<IValidationResult> Validate(in ValidationOptions options)
    {
        Interlocked.Increment(ref _validations);
        return _validator.ValidateAsync(options);
    }

    private static async Task<IValidationResult> ValidateAndKeepAsync(Task<IValidationResult> validation, IValidationResult?[] verdicts, int set)
    {
        var result = await validation;
        if (result.IsValid)
        {
            // Two requests may both get here; they computed the same verdict, so either may stay.
            verdicts[set] = result;
        }
        return result;
    }
}
