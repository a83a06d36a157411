using System.Buffers;
using System.IO.Pipelines;
using System.Text.Json;
using System.Text.Unicode;
using GraphQL;
using GraphQL.Transport;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Net.Http.Headers;

namespace TimeBank.GraphQL.Http;

/// <summary>A request the transport refuses before GraphQL sees it, with its HTTP status.</summary>
internal sealed class GraphQLHttpRequestException(int statusCode, string message) : Exception(message)
{
    public int StatusCode { get; } = statusCode;
}

/// <summary>
/// Reads the GraphQL request parameters from a GET query string or a POST <c>application/json</c> body,
/// checking types as GraphQL over HTTP asks: <c>query</c>, <c>operationName</c> and <c>documentId</c>
/// are strings, <c>variables</c> and <c>extensions</c> are maps; <c>null</c> and (on GET) an empty
/// string mean absent.
/// </summary>
internal static class HttpRequestParser
{
    public static GraphQLRequest ReadQueryString(HttpRequest request, IGraphQLTextSerializer serializer)
    {
        CheckPercentEncoding(request.QueryString);
        var query = request.Query;
        return new GraphQLRequest
        {
            Query = Single(query, "query"),
            OperationName = Single(query, "operationName"),
            DocumentId = Single(query, "documentId"),
            Variables = ParseMap(Single(query, "variables"), "variables", serializer),
            Extensions = ParseMap(Single(query, "extensions"), "extensions", serializer),
        };
    }

    /// <summary>Reads a POST body, and gives what <paramref name="inspect"/> makes of its bytes (the answer cache's key).</summary>
    public static async Task<(GraphQLRequest Request, T? Inspected)> ReadBodyAsync<T>(
        HttpRequest request, IGraphQLTextSerializer serializer, long maxBytes, Func<ReadOnlySequence<byte>, T>? inspect)
    {
        CheckContentType(request.ContentType);
        if (request.ContentLength > maxBytes)
        {
            throw TooLarge(maxBytes);
        }
        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = maxBytes;
        }

        // The body is gathered in the request's pipe and parsed where it lies, in one synchronous pass: no stream
        // adapter, no copy into a buffer of the parser's own, no asynchronous parser for what is nearly always one segment.
        var reader = request.BodyReader;
        ReadResult read;
        try
        {
            while (true)
            {
                read = await reader.ReadAsync(request.HttpContext.RequestAborted);
                if (read.Buffer.Length > maxBytes)
                {
                    reader.AdvanceTo(read.Buffer.Start);
                    throw TooLarge(maxBytes);
                }
                if (read.IsCompleted || read.IsCanceled)
                {
                    break;
                }
                reader.AdvanceTo(read.Buffer.Start, read.Buffer.End);
            }
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            throw TooLarge(maxBytes);
        }

        try
        {
            using var document = StrictJson.Parse(read.Buffer);
            var parsed = FromJson(document.RootElement, serializer);
            return (parsed, inspect is null ? default : inspect(read.Buffer));
        }
        catch (JsonException ex)
        {
            throw Bad($"The body is not valid JSON: {ex.Message}");
        }
        finally
        {
            // The document may point into the pipe's memory, so the pipe keeps it until the parameters are read out.
            reader.AdvanceTo(read.Buffer.End);
        }
    }

    /// <summary>Reads the parameters from a JSON object: a POST body or a WebSocket subscribe payload.</summary>
    public static GraphQLRequest FromJson(JsonElement root, IGraphQLTextSerializer serializer)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw Bad("The request must be a JSON object with a query (batches are not supported).");
        }
        return new GraphQLRequest
        {
            Query = String(root, "query"),
            OperationName = String(root, "operationName"),
            DocumentId = String(root, "documentId"),
            Variables = Map(root, "variables", serializer),
            Extensions = Map(root, "extensions", serializer),
        };
    }

    /// <summary>Reads an optional JSON map (null when absent or null), refusing any other JSON value.</summary>
    public static Inputs? MapOrNull(JsonElement value, string name, IGraphQLTextSerializer serializer) =>
        ToInputs(value, name, serializer);

    private static void CheckContentType(string? contentType)
    {
        if (contentType is null)
        {
            throw Unsupported("A POST needs Content-Type: application/json.");
        }
        if (!MediaTypeHeaderValue.TryParse(contentType, out var mediaType)
            || !mediaType.MediaType.Equals(AcceptNegotiation.ApplicationJson, StringComparison.OrdinalIgnoreCase))
        {
            throw Unsupported($"Content-Type '{contentType}' is not supported; send application/json.");
        }
        if (mediaType.Charset.HasValue && !mediaType.Charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase))
        {
            throw Unsupported($"Charset '{mediaType.Charset}' is not supported; send utf-8.");
        }
    }

    /// <summary>
    /// Refuses a query string whose percent-encoded bytes are not UTF-8: ASP.NET Core keeps such a sequence as the
    /// literal text <c>%FF</c>, so a parameter would silently be something other than what was sent.
    /// </summary>
    private static void CheckPercentEncoding(QueryString queryString)
    {
        var raw = queryString.Value;
        if (string.IsNullOrEmpty(raw) || !raw.Contains('%', StringComparison.Ordinal))
        {
            return;
        }
        var bytes = new byte[raw.Length];
        var length = 0;
        for (var i = 0; i < raw.Length; i++)
        {
            if (raw[i] == '%' && i + 2 < raw.Length && Uri.IsHexDigit(raw[i + 1]) && Uri.IsHexDigit(raw[i + 2]))
            {
                bytes[length++] = (byte)((Uri.FromHex(raw[i + 1]) << 4) | Uri.FromHex(raw[i + 2]));
                i += 2;
            }
            else
            {
                // Anything else is already text (and ASCII in a well-formed request target).
                bytes[length++] = raw[i] < 0x80 ? (byte)raw[i] : (byte)'?';
            }
        }
        if (!Utf8.IsValid(bytes.AsSpan(0, length)))
        {
            throw Bad("The query string is not valid UTF-8 once percent-decoded.");
        }
    }

    private static string? Single(IQueryCollection query, string name)
    {
        if (!query.TryGetValue(name, out var values))
        {
            return null;
        }
        if (values.Count > 1)
        {
            throw Bad($"The parameter '{name}' is given more than once.");
        }
        return string.IsNullOrEmpty(values[0]) ? null : values[0];
    }

    private static Inputs? ParseMap(string? json, string name, IGraphQLTextSerializer serializer)
    {
        if (json is null)
        {
            return null;
        }
        try
        {
            using var document = StrictJson.Parse(json);
            return ToInputs(document.RootElement, name, serializer);
        }
        catch (JsonException)
        {
            throw Bad($"The parameter '{name}' must be a JSON-encoded map.");
        }
    }

    private static string? String(JsonElement root, string name) =>
        !root.TryGetProperty(name, out var value) ? null : value.ValueKind switch
        {
            JsonValueKind.String => value.GetString(),
            JsonValueKind.Null => null,
            _ => throw Bad($"The parameter '{name}' must be a string."),
        };

    private static Inputs? Map(JsonElement root, string name, IGraphQLTextSerializer serializer) =>
        root.TryGetProperty(name, out var value) ? ToInputs(value, name, serializer) : null;

    private static Inputs? ToInputs(JsonElement value, string name, IGraphQLTextSerializer serializer) => value.ValueKind switch
    {
        JsonValueKind.Object => serializer.ReadNode<Inputs>(value),
        JsonValueKind.Null => null,
        _ => throw Bad($"The parameter '{name}' must be a map."),
    };

    private static GraphQLHttpRequestException Bad(string message) => new(StatusCodes.Status400BadRequest, message);

    private static GraphQLHttpRequestException Unsupported(string message) => new(StatusCodes.Status415UnsupportedMediaType, message);

    private static GraphQLHttpRequestException TooLarge(long maxBytes) =>
        new(StatusCodes.Status413PayloadTooLarge, $"The body is larger than {maxBytes} bytes.");
}
