using GraphQL.Validation;
using GraphQL.Validation.Complexity;
using GraphQL.Validation.Rules.Custom;
using Microsoft.Extensions.Options;
using TimeBank.GraphQL.Introspection;
using TimeBank.GraphQL.Limits;

namespace TimeBank.GraphQL.Execution;

/// <summary>
/// The validation rules of each transport, built once at start as arrays: every rule for a document seen for the
/// first time, and the few a document from the <see cref="DocumentCache"/> still needs. A cached document passed the
/// specification's rules and every rule that reads nothing but the document (introspection switched off); what is
/// left depends on the request: the transport (<see cref="OperationTypeRule"/>) and the variables (complexity, whose
/// list sizes may be variables, and the introspection budget). None of these rules reads the user, so
/// <see cref="CachingDocumentValidator"/> may keep their result for a request without variables.
/// </summary>
internal sealed class ValidationRuleSets
{
    private readonly IValidationRule[][] _full;
    private readonly IValidationRule[][] _cached;

    public ValidationRuleSets(IOptions<GraphQLServerOptions> options)
    {
        var limits = options.Value;
        var guard = new ValidationGuard(limits.MaxErrors);
        var complexity = new ComplexityValidationRule(new ComplexityOptions
        {
            MaxDepth = limits.MaxDepth,
            MaxComplexity = limits.MaxComplexity,
            DefaultListImpactMultiplier = limits.DefaultListSize,
            ValidateComplexityDelegate = ComplexityCodes.Apply,
        });
        IValidationRule introspection = limits.Introspection
            ? new IntrospectionBudgetRule(limits.MaxIntrospectionFields)
            : IntrospectionDisabledRule.Instance;
        // The budget counts with the variables; the switched-off rule reads only the document, which passed it.
        IValidationRule[] perRequest = limits.Introspection ? [introspection] : [];
        IValidationRule?[] transportRules = [OperationTypeRule.QueriesOnly, OperationTypeRule.QueriesAndMutations, null];

        // Indexed by TransportKind. The guard comes first (it watches every node), complexity last, as before the sets.
        _full = [.. transportRules.Select(t => (IValidationRule[])[guard, .. DocumentValidator.CoreRules, introspection, .. Some(t), complexity])];
        // No guard: what is left reports one error per rule at most, over a document whose size the bounds already checked.
        _cached = [.. transportRules.Select(t => (IValidationRule[])[.. perRequest, .. Some(t), complexity])];
    }

    /// <summary>The rules for a document parsed for this request.</summary>
    public IValidationRule[] For(TransportKind transport) => _full[(int)transport];

    /// <summary>
    /// The rules a cached document needs, when <paramref name="rules"/> is exactly one of this class's full sets (no
    /// host rule was added on top, through <c>AddValidationRule</c>, for this request).
    /// </summary>
    public IValidationRule[]? CachedFor(IEnumerable<IValidationRule>? rules)
    {
        for (var i = 0; i < _full.Length; i++)
        {
            if (ReferenceEquals(rules, _full[i]))
            {
                return _cached[i];
            }
        }
        return null;
    }

    /// <summary>Which transport's cached set <paramref name="rules"/> is; -1 when it is none of them.</summary>
    public int IndexOfCached(IEnumerable<IValidationRule>? rules) => Array.FindIndex(_cached, set => ReferenceEquals(set, rules));

    public int Count => _cached.Length;

    private static IValidationRule[] Some(IValidationRule? rule) => rule is null ? [] : [rule];
}
