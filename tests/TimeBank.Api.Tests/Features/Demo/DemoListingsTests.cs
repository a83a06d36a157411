using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TimeBank.Api.Data;
using TimeBank.Api.Tests.Infrastructure;

namespace TimeBank.Api.Tests.Features.Demo;

public sealed class DemoListingsTests
{
    [Fact]
    public async Task TheDemoCommunityHasListingsMatchedByTheRealMatchingAndSomeNeedsLeftOpen()
    {
        await using var app = new TimeBankApplication { SeedDemo = true };
        _ = app.Server;

        await using var db = await app.Services.GetRequiredService<IDbContextFactory<TimeBankDbContext>>().CreateDbContextAsync();
        var listings = await db.Listings.AsNoTracking().ToDictionaryAsync(l => l.Id, l => l.Title);
        var pairs = await db.Matches.AsNoTracking().Select(m => new { m.OfferListingId, m.RequestListingId }).ToListAsync();
        var titles = pairs.Select(p => listings[p.OfferListingId] + " / " + listings[p.RequestListingId]).ToHashSet();
        Assert.Equal(21, listings.Count);
        Assert.Contains("Bike repair and servicing / Bike brakes need fixing", titles);
        Assert.Contains("Allotment and garden help / Garden weeding before winter", titles);
        Assert.Contains("Van lifts and moving help / Moving a sofa", titles);
        Assert.DoesNotContain(titles, t => t.EndsWith("/ Cat feeding while away", StringComparison.Ordinal));
        // One event per new pair, addressed to both owners.
        Assert.Equal(pairs.Count, await db.Outbox.CountAsync(m => m.Topic == "matchFound"));

        var token = (string)(await app.GraphQLAsync(
            "mutation { login(input: { email: \"maria@demo.timebank.local\", password: \"tb-maria-demo-2026\" }) { accessToken } }"))["data"]!["login"]!["accessToken"]!;
        var mine = await app.GraphQLAsync("{ myMatches { nodes { offer { title } request { title } } } }", token: token);
        Assert.Contains(mine["data"]!["myMatches"]!["nodes"]!.AsArray(), n => (string?)n!["request"]!["title"] == "Garden weeding before winter");
    }
}
