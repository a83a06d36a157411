using System.Buffers;
using System.Text;
using GraphQL;
using GraphQL.Execution;
using GraphQL.Transport;
using GraphQL.Types;
using GraphQL.Validation;
using GraphQLParser.AST;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using TimeBank.GraphQL.Admission;
using TimeBank.GraphQL.Diagnostics;
using TimeBank.GraphQL.Execution;
using TimeBank.GraphQL.Reuse;

namespace TimeBank.GraphQL.Http;

/// <summary>
/// GraphQL over HTTP: GET (queries only) and POST (<c>application/json</c>). Status codes follow the
/// graphql-http audit suite: with <c>application/graphql-response+json</c> a request that did not
/// execute is 400 (401/403 when its errors say UNAUTHENTICATED/FORBIDDEN); with <c>application/json</c>
/// every well-formed GraphQL response is 200. Malformed requests are 400, 413 or 415 whatever was accepted;
/// an operation the rate limiter refused is 429 with <c>Retry-After</c>.
/// </summary>
internal sealed class GraphQLHttpHandler<TSchema>(
    GraphQLRequestExecutor<TSchema> executor,
    IGraphQLTextSerializer serializer,
    IOptions<GraphQLServerOptions> options,
    IdePage browserPage,
    QueryResponseCache answers)
    where TSchema : ISchema
{
    public const string Unauthenticated = "UNAUTHENTICATED";
    public const string Forbidden = "FORBIDDEN";
    private const string AllowedMethods = "GET, POST";

    private readonly long _maxBodyBytes = options.Value.MaxBodyBytes;
    private readonly int _validationFailureStatus = options.Value.ValidationFailureStatusCode;

    public async Task HandleAsync(HttpContext http, string sdlPath)
    {
        try
        {
            await HandleRequestAsync(http, sdlPath);
        }
        catch (OperationCanceledException) when (http.RequestAborted.IsCancellationRequested)
        {
            // The client is gone; nobody reads an answer.
        }
    }

    private async Task HandleRequestAsync(HttpContext http, string sdlPath)
    {
        CachingHeaders.Apply(http);
        var isGet = HttpMethods.IsGet(http.Request.Method);
        if (!isGet && !HttpMethods.IsPost(http.Request.Method))
        {
            await WriteMethodNotAllowedAsync(http, new TransportError(GraphQLErrorCodes.BadRequest, "Use GET or POST."));
            return;
        }

        var mediaType = AcceptNegotiation.Choose(http.Request.Headers.Accept);
        if (mediaType == ResponseMediaType.Html)
        {
            // A browser opening the address gets the page; the page's own form (a GET with a query) gets JSON.
            if (isGet && !http.Request.Query.ContainsKey("query") && !http.Request.Query.ContainsKey("documentId"))
            {
                await browserPage.WriteAsync(http, sdlPath);
                return;
            }
            mediaType = ResponseMediaType.Json;
        }

        GraphQLRequest request;
        QueryResponseCache.Key? key = null;
        try
        {
            if (isGet)
            {
                request = HttpRequestParser.ReadQueryString(http.Request, serializer);
                key = ReusableBy(http) ? KeyOf(http, isGet, mediaType, new(Encoding.UTF8.GetBytes(http.Request.QueryString.Value ?? ""))) : null;
            }
            else
            {
                (request, key) = await HttpRequestParser.ReadBodyAsync<QueryResponseCache.Key?>(http.Request, serializer, _maxBodyBytes,
                    ReusableBy(http) ? body => KeyOf(http, isGet, mediaType, body) : null);
            }
        }
        catch (GraphQLHttpRequestException ex)
        {
            // Not a well-formed GraphQL request, so never application/graphql-response+json.
            await WriteAsync(http, ex.StatusCode, ResponseMediaType.Json,
                new ExecutionResult(new TransportError(GraphQLErrorCodes.BadRequest, ex.Message)));
            return;
        }
        if (request.Query is null && request.DocumentId is null && request.Extensions?.ContainsKey("persistedQuery") != true)
        {
            await WriteAsync(http, StatusCodes.Status400BadRequest, ResponseMediaType.Json,
                new ExecutionResult(new TransportError(GraphQLErrorCodes.QueryMissing, "The request has no query.")));
            return;
        }

        if (key is not null && !MayBeAQuery(request))
        {
            // Nothing to look up, and no version to read: only a query's answer is ever kept.
            key = null;
        }
        var principal = key is null ? null : QueryResponseCache.PrincipalOf(http.User);
        var found = key is { } lookup ? answers.Find(lookup, principal) : default;
        if (found.Body is { } reused)
        {
            await WriteReusedAsync(http, mediaType, reused);
            return;
        }

        var result = await executor.ExecuteAsync(request, isGet ? TransportKind.HttpGet : TransportKind.HttpPost,
            http.User, http.Connection.RemoteIpAddress, http.RequestServices, http.RequestAborted);

        if (!result.Executed && result.Errors?.Any(e => e is OperationNotAllowedError) == true)
        {
            await WriteMethodNotAllowedAsync(http, result, mediaType);
            return;
        }
        if (!result.Executed && result.Errors?.OfType<RateLimitedError>().FirstOrDefault() is { } limited)
        {
            // 429 whatever was accepted: like 405, it says what the client must change (wait), not what the document is.
            if (limited.RetryAfterHeader is { } retryAfter)
            {
                http.Response.Headers.RetryAfter = retryAfter;
            }
            await WriteAsync(http, StatusCodes.Status429TooManyRequests, mediaType, result);
            return;
        }
        if (key is { } fresh && found.Version is not null && IsReusable(result))
        {
            // Serialized once into memory: these bytes are both this answer and the one kept.
            using var buffer = new MemoryStream();
            await serializer.WriteAsync(buffer, result, http.RequestAborted);
            var body = buffer.ToArray();
            answers.Keep(fresh, found.Version, principal, body);
            await WriteBytesAsync(http, mediaType, body);
            return;
        }
        await WriteAsync(http, StatusFor(result, mediaType), mediaType, result);
    }

    /// <summary>
    /// Whether this request's answer may be looked up and kept: reuse is on, and the caller is known by what the key holds
    /// (at most one <c>Authorization</c> header, and no other scheme, such as a cookie, signing a user in without one).
    /// </summary>
    private bool ReusableBy(HttpContext http)
    {
        var authorization = http.Request.Headers.Authorization;
        return answers.Enabled && authorization.Count <= 1 && (authorization.Count == 1 || http.User.Identity?.IsAuthenticated != true);
    }

    private static QueryResponseCache.Key KeyOf(HttpContext http, bool isGet, ResponseMediaType mediaType, ReadOnlySequence<byte> request) =>
        QueryResponseCache.KeyOf(isGet, (int)mediaType, http.Request.Headers.Authorization.FirstOrDefault(), http.Request.Path.Value, request);

    /// <summary>
    /// False for a document that names a mutation or a subscription anywhere (a field or a string may trip it too; such a
    /// query then just runs), so a write never pays for the version read.
    /// </summary>
    private static bool MayBeAQuery(GraphQLRequest request) =>
        request.Query is not { } text
        || (!text.Contains("mutation", StringComparison.Ordinal) && !text.Contains("subscription", StringComparison.Ordinal));

    /// <summary>A query that ran and answered without an error, and nothing else, is kept.</summary>
    private static bool IsReusable(ExecutionResult result) =>
        result.Executed && result.Errors is not { Count: > 0 } && result.Extensions is not { Count: > 0 }
        && result.Operation?.Operation == OperationType.Query && result.Streams is null;

    private async Task WriteReusedAsync(HttpContext http, ResponseMediaType mediaType, byte[] body)
    {
        // A reused answer still counts against the caller's rate, as the query it stands for would.
        using var lease = executor.AdmitQuery(http.User, http.Connection.RemoteIpAddress);
        if (lease is { IsAcquired: false })
        {
            var limited = OperationAdmission.Refused(lease);
            if (limited.RetryAfterHeader is { } retryAfter)
            {
                http.Response.Headers.RetryAfter = retryAfter;
            }
            await WriteAsync(http, StatusCodes.Status429TooManyRequests, mediaType, new ExecutionResult(limited) { Executed = false });
            return;
        }
        GraphQLTelemetry.ReusedAnswers.Add(1);
        await WriteBytesAsync(http, mediaType, body);
    }

    private static Task WriteBytesAsync(HttpContext http, ResponseMediaType mediaType, byte[] body)
    {
        http.Response.StatusCode = StatusCodes.Status200OK;
        http.Response.ContentType = ContentTypeOf(mediaType);
        http.Response.ContentLength = body.Length;
        return http.Response.Body.WriteAsync(body, http.RequestAborted).AsTask();
    }

    private int StatusFor(ExecutionResult result, ResponseMediaType mediaType)
    {
        if (result.Executed || mediaType == ResponseMediaType.Json)
        {
            return StatusCodes.Status200OK;
        }
        var errors = result.Errors ?? [];
        var codes = errors.Select(e => e.Code).ToHashSet(StringComparer.Ordinal);
        return codes.Contains(Unauthenticated) ? StatusCodes.Status401Unauthorized
            : codes.Contains(Forbidden) ? StatusCodes.Status403Forbidden
            : codes.Contains(GraphQLErrorCodes.Timeout) ? StatusCodes.Status504GatewayTimeout
            // Parsed, but not valid: validation, variables, or no operation to run (every DocumentError but a syntax error).
            : errors.All(e => e is not SyntaxError and not TransportError) && errors.Any(e => e is ValidationError or DocumentError)
                ? _validationFailureStatus
            : StatusCodes.Status400BadRequest;
    }

    private Task WriteMethodNotAllowedAsync(HttpContext http, ExecutionError error) =>
        WriteMethodNotAllowedAsync(http, new ExecutionResult(error), ResponseMediaType.Json);

    private Task WriteMethodNotAllowedAsync(HttpContext http, ExecutionResult result, ResponseMediaType mediaType)
    {
        http.Response.Headers.Allow = AllowedMethods;
        return WriteAsync(http, StatusCodes.Status405MethodNotAllowed, mediaType, result);
    }

    private async Task WriteAsync(HttpContext http, int status, ResponseMediaType mediaType, ExecutionResult result)
    {
        http.Response.StatusCode = status;
        http.Response.ContentType = ContentTypeOf(mediaType);
        await serializer.WriteAsync(http.Response.Body, result, http.RequestAborted);
    }

    private static string ContentTypeOf(ResponseMediaType mediaType) => mediaType == ResponseMediaType.GraphQLResponse
        ? AcceptNegotiation.GraphQLResponseJson + "; charset=utf-8"
        : AcceptNegotiation.ApplicationJson + "; charset=utf-8";
}
