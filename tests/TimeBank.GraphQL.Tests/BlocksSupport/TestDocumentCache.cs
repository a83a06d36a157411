using System.Collections.Concurrent;
using GraphQL;
using GraphQL.DI;
using GraphQLParser.AST;

namespace TimeBank.GraphQL.Tests.BlocksSupport;

/// <summary>
/// A document cache as GraphQL.NET's memory cache behaves: a document that executed is reused by query
/// text, and a reused document is validated with ExecutionOptions.CachedDocumentValidationRules only.
/// </summary>
internal sealed class TestDocumentCache : IConfigureExecution
{
    private readonly ConcurrentDictionary<string, GraphQLDocument> _documents = new(StringComparer.Ordinal);

    // After the options configured by AddValidationRule (and the like), as the memory cache does.
    public float SortOrder => 200;

    public async Task<ExecutionResult> ExecuteAsync(ExecutionOptions options, ExecutionDelegate next)
    {
        var query = options.Query!;
        var cached = _documents.TryGetValue(query, out var document);
        if (cached)
        {
            options.Document = document;
            options.ValidationRules = options.CachedDocumentValidationRules ?? [];
        }
        var result = await next(options);
        if (!cached && result.Executed && result.Document is not null)
        {
            _documents.TryAdd(query, result.Document);
        }
        return result;
    }
}

internal static class TestDocumentCacheExtensions
{
    public static IGraphQLBuilder AddTestDocumentCache(this IGraphQLBuilder builder)
    {
        builder.Services.Register(typeof(IConfigureExecution), new TestDocumentCache());
        return builder;
    }
}
