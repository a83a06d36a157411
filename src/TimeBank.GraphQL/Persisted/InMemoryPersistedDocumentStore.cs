using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;

namespace TimeBank.GraphQL.Persisted;

/// <summary>Trusted documents held in memory, each stored under <c>sha256:&lt;hex of its UTF-8 text&gt;</c>.</summary>
public sealed class InMemoryPersistedDocumentStore : IPersistedDocumentStore
{
    private readonly ConcurrentDictionary<string, string> _documents = new(StringComparer.Ordinal);

    /// <summary>Adds a document and returns its id.</summary>
    public string Add(string document)
    {
        var id = "sha256:" + Sha256Hex(document);
        _documents[id] = document;
        return id;
    }

    /// <summary>Adds a document under an id chosen by the publisher.</summary>
    public void Add(string documentId, string document) => _documents[documentId] = document;

    public ValueTask<string?> GetAsync(string documentId, CancellationToken cancellationToken) =>
        ValueTask.FromResult(_documents.TryGetValue(documentId, out var document) ? document : null);

    /// <summary>Lower-case hex SHA-256 of the UTF-8 text, as Apollo's persisted queries and document ids use.</summary>
    public static string Sha256Hex(string text) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
}
