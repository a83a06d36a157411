namespace TimeBank.GraphQL.Execution;

/// <summary>
/// The codes the transports put in <c>extensions.code</c> of the errors they raise themselves. Codes
/// raised by the schema (validation rules, resolvers) are defined where they are raised.
/// </summary>
public static class GraphQLErrorCodes
{
    /// <summary>The request is not a well-formed GraphQL request (bad JSON, wrong parameter types).</summary>
    public const string BadRequest = "BAD_REQUEST";

    /// <summary>No <c>query</c>, <c>documentId</c> or persisted query hash was given.</summary>
    public const string QueryMissing = "QUERY_MISSING";

    /// <summary>The operation type is not allowed on this transport (a mutation over GET, a subscription over HTTP).</summary>
    public const string OperationNotAllowed = "OPERATION_NOT_ALLOWED";

    /// <summary>The operation ran longer than the execution timeout.</summary>
    public const string Timeout = "TIMEOUT";

    /// <summary>An unexpected failure; the details are in the server log under <c>extensions.traceId</c>.</summary>
    public const string InternalServerError = "INTERNAL_SERVER_ERROR";

    /// <summary>Apollo automatic persisted queries: the hash is unknown, send the query with it.</summary>
    public const string PersistedQueryNotFound = "PERSISTED_QUERY_NOT_FOUND";

    /// <summary>The query sent with a persisted query hash does not have that SHA-256 hash.</summary>
    public const string PersistedQueryHashMismatch = "PERSISTED_QUERY_HASH_MISMATCH";

    /// <summary>The <c>documentId</c> names no trusted document.</summary>
    public const string PersistedDocumentNotFound = "PERSISTED_DOCUMENT_NOT_FOUND";

    /// <summary>The server runs only trusted documents and the request carried free text.</summary>
    public const string TrustedDocumentRequired = "TRUSTED_DOCUMENT_REQUIRED";

    /// <summary>Too many operations run at once on one WebSocket.</summary>
    public const string TooManyOperations = "TOO_MANY_OPERATIONS";
}
