using System.Collections.Concurrent;
using GraphQL.Transport;
using Microsoft.Extensions.Options;
using TimeBank.GraphQL.Execution;

namespace TimeBank.GraphQL.Persisted;

/// <summary>
/// Finds the text to execute for a request: the free-text <c>query</c>, a trusted <c>documentId</c>, or
/// an Apollo automatic persisted query (<c>extensions.persistedQuery.sha256Hash</c>): a hash alone is
/// looked up; a hash with its query is checked and remembered.
/// </summary>
internal sealed class PersistedDocumentResolver(IPersistedDocumentStore trusted, IOptions<GraphQLServerOptions> options)
{
    private readonly ConcurrentDictionary<string, string> _automatic = new(StringComparer.Ordinal);
    private readonly GraphQLServerOptions _options = options.Value;

    public async ValueTask<(string? Query, TransportError? Error)> ResolveAsync(GraphQLRequest request, CancellationToken cancellationToken)
    {
        if (request.DocumentId is { } documentId)
        {
            if (request.Query is not null)
            {
                return Fail(GraphQLErrorCodes.BadRequest, "Send either query or documentId, not both.");
            }
            return await trusted.GetAsync(documentId, cancellationToken) is { } document
                ? (document, null)
                : Fail(GraphQLErrorCodes.PersistedDocumentNotFound, $"No trusted document has the id '{documentId}'.");
        }

        if (PersistedQueryHash(request) is { } hash)
        {
            return await ResolveAutomaticAsync(hash, request.Query, cancellationToken);
        }

        if (request.Query is null)
        {
            return Fail(GraphQLErrorCodes.QueryMissing, "The request has no query.");
        }
        return _options.TrustedDocumentsOnly
            ? Fail(GraphQLErrorCodes.TrustedDocumentRequired, "This server executes trusted documents only; send a documentId.")
            : (request.Query, null);
    }

    private async ValueTask<(string?, TransportError?)> ResolveAutomaticAsync(string hash, string? query, CancellationToken cancellationToken)
    {
        hash = hash.ToLowerInvariant();
        if (query is null)
        {
            if (!_options.TrustedDocumentsOnly && _automatic.TryGetValue(hash, out var known))
            {
                return (known, null);
            }
            return await trusted.GetAsync("sha256:" + hash, cancellationToken) is { } document
                ? (document, null)
                : Fail(GraphQLErrorCodes.PersistedQueryNotFound, "PersistedQueryNotFound");
        }

        if (_options.TrustedDocumentsOnly)
        {
            return Fail(GraphQLErrorCodes.TrustedDocumentRequired, "This server executes trusted documents only; send the hash alone.");
        }
        if (InMemoryPersistedDocumentStore.Sha256Hex(query) != hash)
        {
            return Fail(GraphQLErrorCodes.PersistedQueryHashMismatch, "The query does not have the SHA-256 hash it was sent with.");
        }
        if (_automatic.Count >= _options.PersistedQueryCacheSize)
        {
            _automatic.Clear();
        }
        _automatic[hash] = query;
        return (query, null);
    }

    private static string? PersistedQueryHash(GraphQLRequest request) =>
        request.Extensions?.TryGetValue("persistedQuery", out var value) == true
        && value is IDictionary<string, object?> persisted
        && persisted.TryGetValue("sha256Hash", out var hash)
            ? hash as string
            : null;

    private static (string?, TransportError?) Fail(string code, string message) => (null, new TransportError(code, message));
}
