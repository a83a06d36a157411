namespace TimeBank.GraphQL;

/// <summary>
/// Every limit and switch of the GraphQL transports in one place. Bound from the <c>GraphQL</c>
/// configuration section by the host; the defaults suit a public API.
/// </summary>
public sealed class GraphQLServerOptions
{
    /// <summary>The configuration section a host binds these from.</summary>
    public const string Section = "GraphQL";

    /// <summary>
    /// Deepest selection nesting a document may have, counted in fields and through fragments
    /// (<c>QUERY_TOO_DEEP</c>). A document nested deeper than the parser's own recursion limit (128
    /// syntax nodes, lists and input objects included) gets the same code.
    /// </summary>
    public int MaxDepth { get; set; } = 15;

    /// <summary>
    /// Longest document, in characters (<c>DOCUMENT_TOO_LARGE</c>). Every error's location is found by
    /// reading the document from its start, so this also bounds what each error can cost.
    /// </summary>
    public int MaxDocumentLength { get; set; } = 64 * 1024;

    /// <summary>Most lexical tokens (names, punctuators, values; comments not counted) a document may have (<c>TOO_MANY_TOKENS</c>).</summary>
    public int MaxTokens { get; set; } = 10_000;

    /// <summary>
    /// Most fields a document may select, counting a fragment's fields at every place it is spread
    /// (<c>TOO_MANY_FIELDS</c>). Fragments that spread others twice double with each level; this bounds them.
    /// </summary>
    public int MaxFields { get; set; } = 2_000;

    /// <summary>Most aliases in a document (<c>TOO_MANY_ALIASES</c>).</summary>
    public int MaxAliases { get; set; } = 100;

    /// <summary>Most directives in a document, wherever they stand (<c>TOO_MANY_DIRECTIVES</c>).</summary>
    public int MaxDirectives { get; set; } = 50;

    /// <summary>Most fragment definitions in a document (<c>TOO_MANY_FRAGMENTS</c>).</summary>
    public int MaxFragments { get; set; } = 100;

    /// <summary>Most operation definitions in a document (<c>TOO_MANY_OPERATIONS_IN_DOCUMENT</c>).</summary>
    public int MaxOperations { get; set; } = 20;

    /// <summary>Most variable definitions in a document, all operations together (<c>TOO_MANY_VARIABLES</c>).</summary>
    public int MaxVariables { get; set; } = 100;

    /// <summary>
    /// Most comparisons between fields that share a response name in one selection set (directly,
    /// or through fragments) a document may need (<c>TOO_MANY_REPEATED_FIELDS</c>). Validation compares
    /// such fields in pairs, with their sub-selections, and each pair that differs is an error: n fields
    /// cost n²/2. Two fragments spread together count ¼; two identical leaf fields of one type, which
    /// cannot differ, count 1/500.
    /// </summary>
    public int MaxFieldMergeComparisons { get; set; } = 200;

    /// <summary>
    /// Most errors in one response; more are dropped and one <c>TOO_MANY_ERRORS</c> error says so.
    /// Validation stops once it has found this many.
    /// </summary>
    public int MaxErrors { get; set; } = 100;

    /// <summary>
    /// Largest complexity a document may cost. Each field costs 1; a list field multiplies its children
    /// by its <c>first</c>/<c>last</c> argument, or by <see cref="DefaultListSize"/> without one.
    /// </summary>
    public int MaxComplexity { get; set; } = 5_000;

    /// <summary>How many items a list field without <c>first</c>/<c>last</c> is assumed to return.</summary>
    public int DefaultListSize { get; set; } = 20;

    /// <summary>
    /// Whether the schema can be introspected (<c>__schema</c>, <c>__type</c>) and read at <c>/graphql/sdl</c>.
    /// Off, introspection is refused with <c>INTROSPECTION_DISABLED</c> and the SDL address answers 404;
    /// <c>__typename</c> still works.
    /// </summary>
    public bool Introspection { get; set; } = true;

    /// <summary>
    /// Most fields an operation's introspection (<c>__schema</c>, <c>__type</c>) may resolve, counted
    /// exactly from the schema it describes (<c>COMPLEXITY</c>). Introspection is not counted in
    /// <see cref="MaxComplexity"/>: a tool's full introspection query reads the whole schema once, which
    /// costs what the schema holds; a document that reads it again at every level is what this refuses.
    /// Counting stops at the bound, so refusing costs about what answering that many fields would; keep it
    /// at least twice the full introspection of the schema (the API's: about 11,000 fields with collective action).
    /// </summary>
    public int MaxIntrospectionFields { get; set; } = 30_000;

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

    /// <summary>
    /// How many characters of document text the cache keeps in all; a parsed document takes memory in
    /// proportion to its text, so this bounds the cache's memory, whatever the size of its documents.
    /// </summary>
    public int DocumentCacheMaxCharacters { get; set; } = 1_000_000;

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

    /// <summary>
    /// How many bytes of serialized messages may wait to be sent on one socket; a client that lets more
    /// pile up is closed with 1008. One message larger than this is still sent when nothing else waits.
    /// </summary>
    public int WebSocketOutgoingQueueBytes { get; set; } = 4 * 1024 * 1024;

    /// <summary>
    /// Longest an HTTP query's answer is reused for the same request by the same caller while nothing was committed
    /// (<see cref="Reuse.QueryResponseCache"/>; only when the host registered a <see cref="Reuse.IDataVersion"/>). It bounds
    /// how late an answer that reads the clock can be; zero turns reuse off.
    /// </summary>
    public TimeSpan QueryResponseReuse { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Most answers kept for reuse; past it, all are dropped.</summary>
    public int QueryResponseCacheEntries { get; set; } = 10_000;

    /// <summary>Most bytes of answers kept for reuse (an answer over a sixteenth of it is never kept); past it, all are dropped.</summary>
    public long QueryResponseCacheBytes { get; set; } = 64L * 1024 * 1024;

    /// <summary>
    /// Folder of a built browser IDE: its <c>index.html</c> is what a browser gets at the endpoint (with a
    /// <c>&lt;base&gt;</c> pointing at <c>{endpoint}/ide/</c>, where the folder's files are served). Read once at
    /// start. Null: the built-in help page. A folder without <c>index.html</c>: the help page, saying how to build it.
    /// </summary>
    public string? IdeDirectory { get; set; }
}
