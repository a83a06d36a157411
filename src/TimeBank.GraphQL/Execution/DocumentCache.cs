using System.Collections.Concurrent;
using GraphQL;
using GraphQL.DI;
using GraphQL.Validation;
using GraphQLParser.AST;
using Microsoft.Extensions.Options;

namespace TimeBank.GraphQL.Execution;

/// <summary>
/// Keeps documents that parsed and passed validation, keyed by query text and operation name, so a
/// repeated request skips parsing and the specification's rules. Every other validation rule (those
/// added with <c>AddValidationRule</c>: authorization, complexity, the transport's operation-type rule)
/// runs again on each request, because it depends on the user, the variables or the transport. The
/// cache holds at most <c>DocumentCacheSize</c> documents and <c>DocumentCacheMaxCharacters</c> of their text.
/// </summary>
/// <remarks>
/// A hit costs a dictionary look-up: when no host rule was added for the request, the rules left are one of the
/// arrays <see cref="ValidationRuleSets"/> built at start; otherwise they are worked out for the request.
/// </remarks>
internal sealed class DocumentCache(IOptions<GraphQLServerOptions> options, ValidationRuleSets ruleSets) : IConfigureExecution
{
    private static readonly HashSet<IValidationRule> SpecificationRules = [.. DocumentValidator.CoreRules];

    private readonly ConcurrentDictionary<(string Query, string? OperationName), GraphQLDocument> _documents = new();
    private readonly int _capacity = options.Value.DocumentCacheSize;
    private readonly long _maxCharacters = options.Value.DocumentCacheMaxCharacters;
    private long _characters;

    // After options configuration (which adds the validation rules), before execution.
    public float SortOrder => 200;

    internal int Count => _documents.Count;

    internal long Characters => Interlocked.Read(ref _characters);

    public async Task<ExecutionResult> ExecuteAsync(ExecutionOptions options, ExecutionDelegate next)
    {
        if (options.Document is not null || options.Query is null || _capacity <= 0)
        {
            return await next(options);
        }

        var key = (options.Query, options.OperationName);
        if (_documents.TryGetValue(key, out var document))
        {
            options.Document = document;
            options.ValidationRules = (options.CachedDocumentValidationRules is null ? ruleSets.CachedFor(options.ValidationRules) : null)
                ?? (options.ValidationRules ?? DocumentValidator.CoreRules)
                    .Where(rule => !SpecificationRules.Contains(rule))
                    .Concat(options.CachedDocumentValidationRules ?? [])
                    .Distinct()
                    .ToArray();
            return await next(options);
        }

        var result = await next(options);
        // Executed means the document parsed and every rule passed, so the document is good to reuse.
        if (result.Executed && result.Document is not null && options.Query.Length <= _maxCharacters)
        {
            if (_documents.Count >= _capacity || Characters + options.Query.Length > _maxCharacters)
            {
                // A crude bound: start over rather than track recency; real traffic reuses few documents.
                _documents.Clear();
                Interlocked.Exchange(ref _characters, 0);
            }
            if (_documents.TryAdd(key, result.Document))
            {
                Interlocked.Add(ref _characters, options.Query.Length);
            }
        }
        return result;
    }
}
