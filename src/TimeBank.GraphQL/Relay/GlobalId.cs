using System.Buffers.Text;
using System.Globalization;
using System.Text;

namespace TimeBank.GraphQL.Relay;

/// <summary>
/// Opaque global IDs: base64url (no padding) of <c>Type:key</c>, where key is an int, long, Guid or string
/// written in one canonical form, so every object has exactly one ID.
/// </summary>
public static class GlobalId
{
    /// <summary>Encodes the ID of the object of GraphQL type <paramref name="typeName"/> with key <paramref name="key"/>.</summary>
    public static string Encode<TKey>(string typeName, TKey key)
        where TKey : notnull
    {
        ArgumentException.ThrowIfNullOrEmpty(typeName);
        return Base64Url.EncodeToString(Encoding.UTF8.GetBytes($"{typeName}:{FormatKey(key)}"));
    }

    /// <summary>Splits a well-formed ID into its type name and raw key; false for anything else.</summary>
    public static bool TryDecode(string? id, out string typeName, out string rawKey)
    {
        typeName = rawKey = "";
        if (string.IsNullOrEmpty(id) || id.Length > 1024 || !Base64Url.IsValid(id))
        {
            return false;
        }
        string text;
        try
        {
            text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(Base64Url.DecodeFromChars(id));
        }
        catch (FormatException)
        {
            return false;
        }
        catch (ArgumentException)
        {
            return false;
        }
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0 || colon == text.Length - 1)
        {
            return false;
        }
        typeName = text[..colon];
        rawKey = text[(colon + 1)..];
        // Only the canonical spelling is accepted (no padding, no other base64 variant of the same bytes).
        return Base64Url.EncodeToString(Encoding.UTF8.GetBytes(text)) == id;
    }

    /// <summary>Decodes an ID that must name <paramref name="expectedType"/> and carry a <typeparamref name="TKey"/>.</summary>
    public static bool TryDecode<TKey>(string? id, string expectedType, out TKey key)
        where TKey : notnull
    {
        key = default!;
        return TryDecode(id, out var typeName, out var rawKey)
            && string.Equals(typeName, expectedType, StringComparison.Ordinal)
            && TryParseKey(rawKey, out key);
    }

    /// <summary>Parses a raw key in its canonical form.</summary>
    public static bool TryParseKey<TKey>(string rawKey, out TKey key)
        where TKey : notnull
    {
        object? parsed = null;
        if (typeof(TKey) == typeof(int) && int.TryParse(rawKey, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var i))
        {
            parsed = i;
        }
        else if (typeof(TKey) == typeof(long) && long.TryParse(rawKey, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l))
        {
            parsed = l;
        }
        else if (typeof(TKey) == typeof(Guid) && Guid.TryParseExact(rawKey, "D", out var g))
        {
            parsed = g;
        }
        else if (typeof(TKey) == typeof(string) && rawKey.Length > 0)
        {
            parsed = rawKey;
        }
        else if (typeof(TKey) != typeof(int) && typeof(TKey) != typeof(long) && typeof(TKey) != typeof(Guid) && typeof(TKey) != typeof(string))
        {
            throw new NotSupportedException($"Global ID keys are int, long, Guid or string, not {typeof(TKey).Name}.");
        }

        // "01" and "1" would name the same object: only the canonical spelling is an ID.
        if (parsed is not null && FormatKey(parsed) == rawKey)
        {
            key = (TKey)parsed;
            return true;
        }
        key = default!;
        return false;
    }

    private static string FormatKey(object key) => key switch
    {
        int i => i.ToString(CultureInfo.InvariantCulture),
        long l => l.ToString(CultureInfo.InvariantCulture),
        Guid g => g.ToString("D"),
        string s when s.Length > 0 => s,
        _ => throw new NotSupportedException($"Global ID keys are int, long, Guid or non-empty string, not {key.GetType().Name}."),
    };
}
