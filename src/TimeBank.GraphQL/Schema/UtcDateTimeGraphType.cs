using System.Globalization;
using System.Text.RegularExpressions;
using GraphQL.Types;
using GraphQLParser.AST;

namespace TimeBank.GraphQL.Schema;

/// <summary>
/// The <c>DateTime</c> scalar with one output format: ISO 8601 in UTC with exactly three fractional digits and
/// <c>Z</c> (<c>2026-11-29T05:14:04.123Z</c>), whatever the resolver returns (a <see cref="DateTime"/> of any kind or
/// a <see cref="DateTimeOffset"/>), so clients compare and parse every timestamp alike. Inputs take any ISO 8601
/// date-time with an offset; one without an offset is refused, since it names no instant. Register it on the schema
/// (<c>RegisterType(new UtcDateTimeGraphType())</c>) to replace GraphQL.NET's built-in <c>DateTime</c>.
/// </summary>
public sealed partial class UtcDateTimeGraphType : DateTimeGraphType
{
    /// <summary>The output format, for <see cref="DateTime.ToString(string, IFormatProvider)"/> of a UTC time.</summary>
    public const string Format = "yyyy-MM-dd'T'HH:mm:ss.fff'Z'";

    public UtcDateTimeGraphType()
    {
        Name = "DateTime";
        Description = "An instant, written in ISO 8601 in UTC with exactly three fractional digits, e.g. "
            + "`2026-11-29T05:14:04.123Z`. As input, any ISO 8601 date-time with an offset (`Z` or `+01:00`) is taken; "
            + "one without an offset is refused.";
    }

    public override object? Serialize(object? value) => value switch
    {
        null => null,
        DateTime time => ToUtc(time).ToString(Format, CultureInfo.InvariantCulture),
        DateTimeOffset time => time.UtcDateTime.ToString(Format, CultureInfo.InvariantCulture),
        _ => ThrowSerializationError(value),
    };

    public override object? ParseValue(object? value) => value switch
    {
        null => null,
        string text => Parse(text) ?? ThrowValueConversionError(value),
        DateTime time => ToUtc(time),
        DateTimeOffset time => time.UtcDateTime,
        _ => ThrowValueConversionError(value),
    };

    public override object? ParseLiteral(GraphQLValue value) => value switch
    {
        GraphQLNullValue => null,
        GraphQLStringValue text => Parse((string)text.Value) ?? ThrowLiteralConversionError(value),
        _ => ThrowLiteralConversionError(value),
    };

    public override bool CanParseLiteral(GraphQLValue value) =>
        value is GraphQLNullValue || (value is GraphQLStringValue text && Parse((string)text.Value) is not null);

    public override bool CanParseValue(object? value) => value switch
    {
        null or DateTime or DateTimeOffset => true,
        string text => Parse(text) is not null,
        _ => false,
    };

    // A time without a kind is how EF Core and most .NET code carry UTC, so it is taken as UTC, never as local.
    private static DateTime ToUtc(DateTime time) => time.Kind switch
    {
        DateTimeKind.Local => time.ToUniversalTime(),
        DateTimeKind.Unspecified => DateTime.SpecifyKind(time, DateTimeKind.Utc),
        _ => time,
    };

    private static DateTime? Parse(string text) =>
        IsoWithOffset().IsMatch(text)
            && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var time)
            ? time.UtcDateTime
            : null;

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}(:\d{2}(\.\d{1,7})?)?([Zz]|[+-]\d{2}(:?\d{2})?)$")]
    private static partial Regex IsoWithOffset();
}
