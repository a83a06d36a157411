using System.Globalization;
using System.Text;

namespace TimeBank.Ledger.Exports;

/// <summary>
/// Builds one RFC 4180 line. A null value is an empty unquoted field and an empty string is <c>""</c>, so a reader
/// that keeps the quotes (the verifier's does) tells them apart: the canonical texts hash null and "" differently.
/// </summary>
internal sealed class CsvLine
{
    private readonly StringBuilder _line = new(256);
    private int _fields;

    public CsvLine Add(string? value)
    {
        Separate();
        if (value is null)
        {
            return this;
        }
        if (value.Length == 0 || value.AsSpan().IndexOfAny(",\"\r\n") >= 0)
        {
            _line.Append('"').Append(value.Replace("\"", "\"\"", StringComparison.Ordinal)).Append('"');
        }
        else
        {
            _line.Append(value);
        }
        return this;
    }

    public CsvLine Add(long? value)
    {
        Separate();
        if (value is { } number)
        {
            _line.Append(number.ToString(CultureInfo.InvariantCulture));
        }
        return this;
    }

    /// <summary>A time for people to read (ISO-8601 UTC, milliseconds); the canonical texts use the unix-ms columns.</summary>
    public CsvLine AddTime(long unixMs) =>
        Add(DateTimeOffset.FromUnixTimeMilliseconds(unixMs).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));

    /// <summary>The line with its <c>\n</c>; the builder is cleared for the next one.</summary>
    public string Take()
    {
        var text = _line.Append('\n').ToString();
        _line.Clear();
        _fields = 0;
        return text;
    }

    private void Separate()
    {
        if (_fields++ > 0)
        {
            _line.Append(',');
        }
    }
}
