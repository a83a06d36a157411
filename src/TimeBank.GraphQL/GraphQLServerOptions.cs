namespace TimeBank.GraphQL;

/// <summary>
/// Every limit and switch of the GraphQL transports in one place. Bound from the <c>GraphQL</c>
/// configuration section by the host; the defaults suit a public API.
/// </summary>
public sealed class GraphQLServerOptions
{
    /// <summary>Deepest selection nesting a document may have.</summary>
    public int MaxDepth { get; set; } = 15;

    /// <summary>
    /// Largest complexity a document may cost. Each field costs 1; a list field multiplies its children
    /// by its <c>first</c>/<c>last</c> argument, or by <see cref="DefaultListSize"/> without one.
    /// </summary>
    public int MaxComplexity { get; set; } = 5_000;

    /// <summary>How many items a list field without <c>first</c>/<c>last</c> is assumed to return.</summary>
    public int DefaultListSize { get; set; } = 20;

    /// <summary>
    /// HTTP status, with <c>application/graphql-response+json</c>, of a request whose document parsed
    /// but did not validate (or whose variables or operation name were wrong). 400 is what the
    /// graphql-http audit suite (1.23.x) expects; the 2026 GraphQL-over-HTTP draft asks for 422.
    /// A document that does not parse is always 400.
    /// </summary>
    public int ValidationFailureStatusCode { get; set; } = 400;

    /// <summary>How long a query or mutation may run; the stream of a subscription is not limited.</summary>
    public TimeSpan ExecutionTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Largest HTTP request body; a larger one is answered with 413.</summary>
    public long MaxBodyBytes { get; set; } = 256 * 1024;

    /// <summary>How many parsed and validated documents are kept.</summary>
    public int DocumentCacheSize { get; set; } = 1_000;

    /// <summary>How many automatic persisted queries (hash → query) are kept.</summary>
    public int PersistedQueryCacheSize { get; set; } = 1_000;

    /// <summary>Refuse free-text queries: only <c>documentId</c> or a known hash may be executed.</summary>
    public bool TrustedDocumentsOnly { get; set; }

    /// <summary>Time a WebSocket client has to send <c>connection_init</c> before it is closed with 4408.</summary>
    public TimeSpan WebSocketInitTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Largest WebSocket message a client may send; a larger one closes the socket with 1009.</summary>
    public int WebSocketMaxMessageBytes { get; set; } = 256 * 1024;

    /// <summary>How many operations may run at once on one socket.</summary>
    public int WebSocketMaxOperations { get; set; } = 100;

    /// <summary>
    /// How many messages may wait to be sent on one socket. A client that reads slower than its events
    /// arrive fills the queue and is closed with 1008, so memory stays bounded.
    /// </summary>
    public int WebSocketOutgoingQueueCapacity { get; set; } = 1_000;
}
