using System.Buffers;
using System.Text.Json;

namespace TimeBank.GraphQL.Http;

/// <summary>
/// Parses a client's JSON (a request body, a JSON-encoded GET parameter, a WebSocket message) strictly: a duplicate
/// key is refused, since two readers may disagree on which one wins, and so is a string or key that is not valid
/// Unicode (a lone surrogate escape such as <c>\ud800</c>, or invalid UTF-8). System.Text.Json finds those only
/// when a string is read, and then throws <see cref="InvalidOperationException"/> from deep inside GraphQL.NET;
/// here they are a <see cref="JsonException"/>, which every caller answers as a malformed request.
/// </summary>
internal static class StrictJson
{
    private static readonly JsonDocumentOptions Options = new() { AllowDuplicateProperties = false };

    public static JsonDocument Parse(ReadOnlyMemory<byte> utf8) => Checked(Guard(() => JsonDocument.Parse(utf8, Options)));

    public static JsonDocument Parse(string json) => Checked(Guard(() => JsonDocument.Parse(json, Options)));

    public static JsonDocument Parse(ReadOnlySequence<byte> utf8) => Checked(Guard(() => JsonDocument.Parse(utf8, Options)));

    // The duplicate-key check reads every key while parsing, so a key that is not valid Unicode throws there already.
    private static JsonDocument Guard(Func<JsonDocument> parse)
    {
        try
        {
            return parse();
        }
        catch (InvalidOperationException ex)
        {
            throw Invalid(ex);
        }
    }

    private static JsonDocument Checked(JsonDocument document)
    {
        try
        {
            CheckStrings(document.RootElement);
            return document;
        }
        catch
        {
            document.Dispose();
            throw;
        }
    }

    // Recursion is bounded by the parser's maximum depth (64).
    private static void CheckStrings(JsonElement element)
    {
        try
        {
            switch (element.ValueKind)
            {
                case JsonValueKind.Object:
                    foreach (var property in element.EnumerateObject())
                    {
                        _ = property.Name;
                        CheckStrings(property.Value);
                    }
                    break;
                case JsonValueKind.Array:
                    foreach (var item in element.EnumerateArray())
                    {
                        CheckStrings(item);
                    }
                    break;
                case JsonValueKind.String:
                    _ = element.GetString();
                    break;
            }
        }
        catch (InvalidOperationException ex)
        {
            throw Invalid(ex);
        }
    }

    private static JsonException Invalid(InvalidOperationException ex) => new($"A string is not valid Unicode: {ex.Message}", ex);
}
