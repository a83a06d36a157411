using GraphQLParser.AST;
using TimeBank.GraphQL.Schema;

namespace TimeBank.GraphQL.Tests.Schema;

/// <summary>The DateTime scalar: one output format for every .NET time; inputs need an offset.</summary>
public sealed class UtcDateTimeGraphTypeTests
{
    private static readonly DateTime Utc = new DateTime(2026, 11, 29, 5, 14, 4, DateTimeKind.Utc).AddTicks(1_239_999);

    public static TheoryData<object> Times => new()
    {
        Utc,
        DateTime.SpecifyKind(Utc, DateTimeKind.Unspecified),
        Utc.ToLocalTime(),
        new DateTimeOffset(Utc),
        new DateTimeOffset(Utc).ToOffset(TimeSpan.FromHours(-5)),
    };

    [Theory]
    [MemberData(nameof(Times))]
    public void EveryTimeIsWrittenInUtcWithThreeFractionalDigits(object time)
    {
        Assert.Equal("2026-11-29T05:14:04.123Z", new UtcDateTimeGraphType().Serialize(time));
    }

    [Theory]
    [InlineData("2026-11-29T05:14:04Z", "2026-11-29T05:14:04.000Z")]
    [InlineData("2026-11-29T05:14:04.1234567Z", "2026-11-29T05:14:04.123Z")]
    [InlineData("2026-11-29T06:14:04.5+01:00", "2026-11-29T05:14:04.500Z")]
    [InlineData("2026-11-29T00:14-0500", "2026-11-29T05:14:00.000Z")]
    public void AnInputWithAnOffsetIsTakenAsThatInstant(string input, string instant)
    {
        var scalar = new UtcDateTimeGraphType();

        var parsed = scalar.ParseValue(input);

        Assert.Equal(DateTimeKind.Utc, Assert.IsType<DateTime>(parsed).Kind);
        Assert.Equal(instant, scalar.Serialize(parsed));
        Assert.Equal(instant, scalar.Serialize(scalar.ParseLiteral(new GraphQLStringValue(input))));
    }

    [Theory]
    [InlineData("2026-11-29T05:14:04")]
    [InlineData("2026-11-29")]
    [InlineData("29/11/2026 05:14:04Z")]
    [InlineData("tomorrow")]
    [InlineData("")]
    public void AnInputWithoutAnOffsetOrNotInIso8601IsRefused(string input)
    {
        var scalar = new UtcDateTimeGraphType();

        Assert.False(scalar.CanParseValue(input));
        Assert.False(scalar.CanParseLiteral(new GraphQLStringValue(input)));
        Assert.ThrowsAny<Exception>(() => scalar.ParseValue(input));
    }
}
