using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TimeBank.Api.Data;
using TimeBank.Api.Data.Entities;
using TimeBank.Api.Features.Exchanges;
using TimeBank.Api.Tests.Infrastructure;

namespace TimeBank.Api.Tests.Features.Exchanges;

/// <summary>
/// A plain first page of <c>myExchanges</c> is read by a prepared statement of its own (<see cref="ExchangeColumns"/>);
/// asking for <c>totalCount</c> sends the same page down the general keyset path. Both give the same exchanges in every
/// field, cursors and page info, and the hand-read rows equal EF Core's in every property.
/// </summary>
public sealed class MyExchangesFirstPageTests
{
    private const string Fields = """
        pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
        edges { cursor node { id status description agreedMinutes actualMinutes settlementEntrySequence completedAt settledAt createdAt updatedAt
          providerFeedback { rating note } receiverFeedback { rating note } provider { id displayName } receiver { id displayName } proposedBy listing { id } community { id } } }
        """;

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(20)]
    public async Task AFirstPageReadsAsTheKeysetPathReadsIt(int first)
    {
        await using var app = new TimeBankApplication { SeedDemo = true };
        var token = await LoginAsync(app, "maria");

        var fast = await PageAsync(app, $"query($first: Int) {{ myExchanges(first: $first) {{ {Fields} }} }}", token, first);
        var general = await PageAsync(app, $"query($first: Int) {{ myExchanges(first: $first) {{ totalCount {Fields} }} }}", token, first);

        var total = (int)general["totalCount"]!;
        Assert.True(total > 2, $"maria has {total} exchanges");
        Assert.Equal(Math.Min(first, total), fast["edges"]!.AsArray().Count);
        general.Remove("totalCount");
        Assert.Equal(general.ToJsonString(), fast.ToJsonString());
    }

    [Fact]
    public async Task EveryExchangeReadsAsEFCoreReadsIt()
    {
        await using var app = new TimeBankApplication { SeedDemo = true };
        await using (var scope = app.Services.CreateAsyncScope())
        {
            // Every nullable column set on one row, so a reader that forgot one cannot match by leaving it null.
            var db = scope.ServiceProvider.GetRequiredService<TimeBankDbContext>();
            var settled = await db.Exchanges.OrderBy(e => e.Id).FirstAsync(e => e.Status == ExchangeStatus.Settled);
            settled.ActualMinutes = 50;
            settled.CompletionNote = "done";
            settled.DisputeReason = "none";
            settled.ProviderRating = 5;
            settled.ProviderFeedback = "kind";
            settled.ReceiverRating = 4;
            settled.ReceiverFeedback = "punctual";
            settled.CompletedAt = new DateTime(2026, 11, 20, 10, 0, 0, DateTimeKind.Utc).AddTicks(1234);
            settled.ListingId ??= await db.Listings.OrderBy(l => l.Id).Select(l => (long?)l.Id).FirstAsync();
            settled.GroupExchangeId ??= await db.GroupExchanges.OrderBy(g => g.Id).Select(g => (long?)g.Id).FirstAsync();
            settled.HoldId ??= 1;
            await db.SaveChangesAsync();
        }

        await using var check = app.Services.CreateAsyncScope();
        var context = check.ServiceProvider.GetRequiredService<TimeBankDbContext>();
        var expected = await context.Exchanges.AsNoTracking().OrderBy(e => e.Id).ToListAsync();
        var read = app.Services.GetRequiredService<PreparedReads>().ReadRows($"""SELECT {ExchangeColumns.Of("e")} FROM "Exchanges" e WHERE e."Id" > @p0 ORDER BY e."Id" """,
            reader => ExchangeColumns.Read(reader, 0), 0L);

        Assert.Contains(expected, e => e.ProviderRating is not null && e.GroupExchangeId is not null && e.DisputeReason is not null);
        foreach (var property in typeof(Exchange).GetProperties())
        {
            Assert.Equal(expected.Select(e => property.GetValue(e)), read.Select(e => property.GetValue(e)));
        }
    }

    private static async Task<string> LoginAsync(TimeBankApplication app, string who)
    {
        var login = await app.GraphQLAsync($$"""mutation { login(input: { email: "{{who}}@demo.timebank.local", password: "tb-{{who}}-demo-2026" }) { accessToken } }""");
        return (string)login["data"]!["login"]!["accessToken"]!;
    }

    private static async Task<JsonObject> PageAsync(TimeBankApplication app, string query, string token, int first)
    {
        var response = await app.GraphQLAsync(query, new { first }, token);
        Assert.True(response["errors"] is null, response.ToJsonString());
        return response["data"]!["myExchanges"]!.AsObject();
    }
}
