namespace TimeBank.GraphQL.Persisted;

/// <summary>
/// Trusted documents: queries published ahead of time by the front ends, each under an id such as
/// <c>sha256:&lt;hex&gt;</c>. A client then sends only <c>documentId</c>.
/// </summary>
public interface IPersistedDocumentStore
{
    /// <summary>The document's text, or null when the id is unknown.</summary>
    ValueTask<string?> GetAsync(string documentId, CancellationToken cancellationToken);
}
