namespace TimeBank.Api.Tests.Features.Impact;

/// <summary>The period is bounded: empty is INVALID_INPUT, more than 60 calendar months PERIOD_TOO_LONG, 60 are answered.</summary>
[Collection(ImpactFixture.Collection)]
public sealed class CommunityImpactPeriodTests(ImpactFixture impact)
{
    [Theory]
    [InlineData("2027-01-01T00:00:00Z", "2027-01-01T00:00:00Z", "INVALID_INPUT")]
    [InlineData("2027-02-01T00:00:00Z", "2027-01-01T00:00:00Z", "INVALID_INPUT")]
    // January 2022 to January 2027 touches 61 months; so does a period of a few days more than five years.
    [InlineData("2022-01-01T00:00:00Z", "2027-01-01T00:00:01Z", "PERIOD_TOO_LONG")]
    [InlineData("2021-12-31T00:00:00Z", "2027-01-01T00:00:00Z", "PERIOD_TOO_LONG")]
    [InlineData("0001-01-01T00:00:00Z", "9999-12-31T00:00:00Z", "PERIOD_TOO_LONG")]
    public async Task APeriodOutOfBoundsIsRefusedWithACode(string from, string to, string code)
    {
        var response = await impact.ImpactAsync("coordinator", from, to, "minutesExchanged");

        Assert.Equal(code, (string?)response["errors"]?[0]?["extensions"]?["code"]);
        Assert.Null(response["data"]);
    }

    [Fact]
    public async Task SixtyMonthsAreAnsweredMonthByMonth()
    {
        // January 2023 to the end of December 2027: 5 x 12 = 60 months, the history's 375 + X0's 30 + X11's 10 = 415 minutes
        // (everything but X9, reversed, and hillside's).
        var response = await impact.ImpactAsync("coordinator", "2023-01-01T00:00:00Z", "2028-01-01T00:00:00Z", "minutesExchanged months { month }");

        Assert.True(response["errors"] is null, response.ToJsonString());
        var months = response["data"]!["communityImpact"]!["months"]!.AsArray();
        Assert.Equal(60, months.Count);
        Assert.Equal("2023-01", (string?)months[0]!["month"]);
        Assert.Equal("2027-12", (string?)months[59]!["month"]);
        Assert.Equal(415, (long)response["data"]!["communityImpact"]!["minutesExchanged"]!);
    }
}
