using System.Globalization;
using System.Text.Json.Nodes;

namespace TimeBank.Api.Tests.Features.Impact;

/// <summary>
/// communityImpact checked field by field against figures worked out by hand from <see cref="ImpactFixture"/>'s history
/// (X0..X11 are its exchanges, provider -> receiver). Nothing here is computed by the code under test.
/// </summary>
[Collection(ImpactFixture.Collection)]
public sealed class CommunityImpactFixtureTests(ImpactFixture impact)
{
    private const string Everything = """
        from to minutesExchanged exchanges
        months { month startsAt minutes exchanges }
        categories { category { id } minutes exchanges minutesByMonth exchangesByMonth }
        activeMembers givers receivers reciprocalMembers reciprocityShare newMembers quietMembers quietSince
        minutesDonated donations minutesContributed contributions challengesAchieved
        """;

    // December 2026 to the middle of March 2027: three full months and a half one.
    private const string From = "2026-12-01T00:00:00Z";
    private const string To = "2027-03-15T00:00:00Z";

    [Fact]
    public async Task EveryFigureIsTheHandComputedOne()
    {
        var response = await impact.ImpactAsync("coordinator", From, To, Everything);
        Assert.True(response["errors"] is null, response.ToJsonString());
        var figures = response["data"]!["communityImpact"]!;
        string? a = impact.CategoryA, b = impact.CategoryB, c = impact.CategoryC;

        Assert.Equal(At(From), At((string)figures["from"]!));
        Assert.Equal(At(To), At((string)figures["to"]!));

        // In the period: X1 60 (A), X2 45 (B), X3 30 (direct), X4 20 (C), X5 90 (A), X6 40 (B), X7 25 (direct), X8 50 (C),
        // X10 15 (B). Not: X0 (28 Nov, before), X9 (reversed), X11 (20 Mar, after), hillside's 100.
        // 60 + 45 + 30 + 20 + 90 + 40 + 25 + 50 + 15 = 375 minutes in 9 exchanges.
        Assert.Equal(375, (long)figures["minutesExchanged"]!);
        Assert.Equal(9, (long)figures["exchanges"]!);

        var months = figures["months"]!.AsArray();
        Assert.Equal(["2026-12", "2027-01", "2027-02", "2027-03"], months.Select(m => (string)m!["month"]!));
        Assert.Equal(At("2026-12-01T00:00:00Z"), At((string)months[0]!["startsAt"]!));
        Assert.Equal(At("2027-03-01T00:00:00Z"), At((string)months[3]!["startsAt"]!));
        // December: X1 60 + X2 45 + X3 30 + X4 20 = 155 in 4. January: X5 90 + X6 40 + X7 25 = 155 in 3.
        // February: X8 50 + X10 15 = 65 in 2 (X9's 35 was reversed on 11 Feb). March up to the 15th: nothing (X11 is on the 20th).
        Assert.Equal([155L, 155, 65, 0], months.Select(m => (long)m!["minutes"]!));
        Assert.Equal([4L, 3, 2, 0], months.Select(m => (long)m!["exchanges"]!));

        // Per category, most minutes first, then month by month (Dec, Jan, Feb, Mar):
        // A: X1 60 (Dec) + X5 90 (Jan) = 150 in 2; B: X2 45 (Dec) + X6 40 (Jan) + X10 15 (Feb) = 100 in 3;
        // C: X4 20 (Dec) + X8 50 (Feb) = 70 in 2; direct: X3 30 (Dec) + X7 25 (Jan) = 55 in 2. 150 + 100 + 70 + 55 = 375.
        var categories = figures["categories"]!.AsArray();
        Assert.Equal([a, b, c, null], categories.Select(k => (string?)k!["category"]?["id"]));
        Assert.Equal([150L, 100, 70, 55], categories.Select(k => (long)k!["minutes"]!));
        Assert.Equal([2L, 3, 2, 2], categories.Select(k => (long)k!["exchanges"]!));
        Assert.Equal([60L, 90, 0, 0], Series(categories[0]!, "minutesByMonth"));
        Assert.Equal([45L, 40, 15, 0], Series(categories[1]!, "minutesByMonth"));
        Assert.Equal([20L, 0, 50, 0], Series(categories[2]!, "minutesByMonth"));
        Assert.Equal([30L, 25, 0, 0], Series(categories[3]!, "minutesByMonth"));
        Assert.Equal([1L, 1, 1, 0], Series(categories[1]!, "exchangesByMonth"));
        Assert.Equal([1L, 0, 1, 0], Series(categories[2]!, "exchangesByMonth"));

        // Givers (providers of X1-X8, X10): ana, ben, cara, eva, dan, finn, gus = 7 (hana gave only X9, reversed).
        Assert.Equal(7, (int)figures["givers"]!);
        // Receivers: ben, ana, dan, kim, cara, gus, finn = 7 (ivo received only X9, reversed, and X11, after).
        Assert.Equal(7, (int)figures["receivers"]!);
        // Active: the union, ana, ben, cara, dan, eva, finn, gus, kim = 8.
        Assert.Equal(8, (int)figures["activeMembers"]!);
        // Both: ana, ben, cara, dan, finn, gus = 6 (eva only gave, kim only received); 6 / 8 = 0.75.
        Assert.Equal(6, (int)figures["reciprocalMembers"]!);
        Assert.Equal(0.75, (double)figures["reciprocityShare"]!);
        // Joined in the period: kim (10 Dec) and lou (8 Jan) = 2; everyone else was approved on 25 Nov.
        Assert.Equal(2, (int)figures["newMembers"]!);

        // 90 days before 15 Mar: 15 Mar -> 15 Feb is 28 days, -> 15 Jan 31 more (59), -> 15 Dec 31 more (90).
        Assert.Equal(At("2026-12-15T00:00:00Z"), At((string)figures["quietSince"]!));
        // Members since 15 Dec at the latest: the coordinator, ana..jo (10), aud, kim = 13 (lou joined 8 Jan).
        // With an exchange from 15 Dec: ana, cara (X5, X6, X8), dan (X6), finn, gus (X7, X10) = 5.
        // Quiet: 13 - 5 = 8 (coordinator, ben, eva, hana, ivo, jo, aud, kim).
        Assert.Equal(8, (int)figures["quietMembers"]!);

        // Donations in the period: hana 30 to the pool (10 Jan) + dan 20 to the fund (12 Jan) = 50 in 2; ana's 10 (29 Nov)
        // is before it, the fund's grant of 15 to the pool is not a donation.
        Assert.Equal(50, (long)figures["minutesDonated"]!);
        Assert.Equal(2, (int)figures["donations"]!);
        // Contributions: the pool paid gus 25 (5 Feb) = 25 in 1; finn's 5 (16 Mar) is after it.
        Assert.Equal(25, (long)figures["minutesContributed"]!);
        Assert.Equal(1, (int)figures["contributions"]!);
        // Achieved in the period: footbridge (15 Feb, still ACHIEVED) and benches (20 Jan, since CLOSED) = 2; garden was
        // closed without being achieved, library was achieved on 30 Nov.
        Assert.Equal(2, (int)figures["challengesAchieved"]!);
    }

    [Fact]
    public async Task AnotherCommunitysFiguresAreItsOwn()
    {
        var response = await impact.ImpactAsync("hugo", From, To, "minutesExchanged exchanges activeMembers minutesDonated challengesAchieved", impact.Hillside.Id);

        var figures = response["data"]!["communityImpact"]!;
        // Hillside's one exchange: hal gave its coordinator 100 minutes on 16 Jan; nothing else.
        Assert.Equal(100, (long)figures["minutesExchanged"]!);
        Assert.Equal(1, (long)figures["exchanges"]!);
        Assert.Equal(2, (int)figures["activeMembers"]!);
        Assert.Equal(0, (long)figures["minutesDonated"]!);
        Assert.Equal(0, (int)figures["challengesAchieved"]!);
    }

    [Fact]
    public async Task AnEmptyStretchReportsZerosAndNoShare()
    {
        // 1 to 15 Mar 2027: no exchange, gift or challenge step (X11 and finn's contribution fall after it).
        var response = await impact.ImpactAsync("ana", "2027-03-01T00:00:00Z", To, "minutesExchanged activeMembers reciprocityShare months { minutes } categories { minutes } minutesContributed challengesAchieved");

        var figures = response["data"]!["communityImpact"]!;
        Assert.Equal(0, (long)figures["minutesExchanged"]!);
        Assert.Equal(0, (int)figures["activeMembers"]!);
        Assert.Null(figures["reciprocityShare"]);
        Assert.Equal(0, (long)Assert.Single(figures["months"]!.AsArray())!["minutes"]!);
        Assert.Empty(figures["categories"]!.AsArray());
        Assert.Equal(0, (long)figures["minutesContributed"]!);
        Assert.Equal(0, (int)figures["challengesAchieved"]!);
    }

    private static IEnumerable<long> Series(JsonNode category, string field) => category[field]!.AsArray().Select(n => (long)n!);

    private static DateTimeOffset At(string text) => DateTimeOffset.Parse(text, CultureInfo.InvariantCulture);
}
