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

    /// <summary>The host's rate limiter refused the operation (HTTP 429 with <c>Retry-After</c>); it did not run.</summary>
    public const string RateLimited = "RATE_LIMITED";

    /// <summary>Too many operations run at once on one WebSocket.</summary>
    public const string TooManyOperations = "TOO_MANY_OPERATIONS";

    /// <summary>The document is longer than <see cref="GraphQLServerOptions.MaxDocumentLength"/>.</summary>
    public const string DocumentTooLarge = "DOCUMENT_TOO_LARGE";

    /// <summary>The document has more tokens than <see cref="GraphQLServerOptions.MaxTokens"/>.</summary>
    public const string TooManyTokens = "TOO_MANY_TOKENS";

    /// <summary>The document selects more fields than <see cref="GraphQLServerOptions.MaxFields"/>, fragments expanded.</summary>
    public const string TooManyFields = "TOO_MANY_FIELDS";

    /// <summary>The document has more aliases than <see cref="GraphQLServerOptions.MaxAliases"/>.</summary>
    public const string TooManyAliases = "TOO_MANY_ALIASES";

    /// <summary>The document has more directives than <see cref="GraphQLServerOptions.MaxDirectives"/>.</summary>
    public const string TooManyDirectives = "TOO_MANY_DIRECTIVES";

    /// <summary>The document defines more fragments than <see cref="GraphQLServerOptions.MaxFragments"/>.</summary>
    public const string TooManyFragments = "TOO_MANY_FRAGMENTS";

    /// <summary>The document defines more operations than <see cref="GraphQLServerOptions.MaxOperations"/>.</summary>
    public const string TooManyOperationsInDocument = "TOO_MANY_OPERATIONS_IN_DOCUMENT";

    /// <summary>The document defines more variables than <see cref="GraphQLServerOptions.MaxVariables"/>.</summary>
    public const string TooManyVariables = "TOO_MANY_VARIABLES";

    /// <summary>
    /// Fields that share a response name would need more comparisons than
    /// <see cref="GraphQLServerOptions.MaxFieldMergeComparisons"/> to check that they merge.
    /// </summary>
    public const string TooManyRepeatedFields = "TOO_MANY_REPEATED_FIELDS";

    /// <summary>Selections nest deeper than <see cref="GraphQLServerOptions.MaxDepth"/>, or deeper than the parser allows.</summary>
    public const string QueryTooDeep = "QUERY_TOO_DEEP";

    /// <summary>
    /// The document costs more than <see cref="GraphQLServerOptions.MaxComplexity"/> (GraphQL.NET's complexity
    /// analyzer), or its introspection would resolve more than <see cref="GraphQLServerOptions.MaxIntrospectionFields"/> fields.
    /// </summary>
    public const string Complexity = "COMPLEXITY";

    /// <summary>
    /// The document asks for <c>__schema</c> or <c>__type</c> while <see cref="GraphQLServerOptions.Introspection"/>
    /// is off.
    /// </summary>
    public const string IntrospectionDisabled = "INTROSPECTION_DISABLED";

    /// <summary>The last error of a response that had more than <see cref="GraphQLServerOptions.MaxErrors"/>: the rest were dropped.</summary>
    public const string TooManyErrors = "TOO_MANY_ERRORS";
}
