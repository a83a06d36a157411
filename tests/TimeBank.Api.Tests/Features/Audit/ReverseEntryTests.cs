using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TimeBank.Api.Data;
using TimeBank.Api.Tests.Infrastructure;
using TimeBank.GraphQL.Relay;
using TimeBank.Ledger.Model;
using TimeBank.Ledger.Reads;

namespace TimeBank.Api.Tests.Features.Audit;

/// <summary>
/// <c>reverseEntry</c>: a coordinator corrects an entry by its mirror image, with a reason, once; the exchange it settled
/// is never edited. Refused inside a closed period and past an account's floor.
/// </summary>
public sealed class ReverseEntryTests(AuditTrailFixture bank) : IClassFixture<AuditTrailFixture>
{
    private const string Reversal = "reversal { sequence kind memo reverses { sequence } postings { minutes side } }";

    [Fact]
    public async Task ReversingAMistakenSettlementPostsItsMirrorAndLeavesTheExchangeAsItWas()
    {
        var (exchangeId, settlement) = await SettledAsync(30);

        var payload = await bank.OkAsync("coordinator", "reverseEntry", new { entryId = EntryId(settlement), reason = "settled by mistake" }, Reversal);

        var reversal = payload["reversal"]!;
        Assert.Equal("REVERSAL", (string?)reversal["kind"]);
        Assert.Equal("settled by mistake", (string?)reversal["memo"]);
        Assert.Equal(settlement, (long)reversal["reverses"]!["sequence"]!);
        var exchange = await bank.App.GraphQLAsync("query($id: ID!) { exchange(id: $id) { status settlementEntrySequence } }", new { id = exchangeId }, bank.Token("audrey"));
        Assert.Equal("SETTLED", (string?)exchange["data"]!["exchange"]!["status"]);
        Assert.Equal(settlement, (long)exchange["data"]!["exchange"]!["settlementEntrySequence"]!);
        var record = Assert.Single(await bank.RecordsAsync("entry", settlement));
        Assert.Equal(("entry.reverse", "settled by mistake", $$"""{"reversedBy":{{(long)reversal["sequence"]!}}}"""), (record.Action, record.Reason, record.AfterJson));
        Assert.Equal(await bank.UserIdAsync("coordinator"), record.ActorUserId);
    }

    [Fact]
    public async Task TheSameCallAgainAnswersAsTheFirstAndAnotherReasonIsAConflict()
    {
        var (_, settlement) = await SettledAsync(20);
        var first = await bank.OkAsync("coordinator", "reverseEntry", new { entryId = EntryId(settlement), reason = "wrong minutes" }, Reversal);

        var again = await bank.OkAsync("coordinator", "reverseEntry", new { entryId = EntryId(settlement), reason = "wrong minutes" }, Reversal);
        var byAdmin = await bank.OkAsync("admin", "reverseEntry", new { entryId = EntryId(settlement), reason = "wrong minutes" }, Reversal);
        var other = await bank.ErrorCodeAsync("coordinator", "reverseEntry", new { entryId = EntryId(settlement), reason = "another reason" });

        Assert.Equal((long)first["reversal"]!["sequence"]!, (long)again["reversal"]!["sequence"]!);
        Assert.Equal((long)first["reversal"]!["sequence"]!, (long)byAdmin["reversal"]!["sequence"]!);
        Assert.Equal("IDEMPOTENCY_CONFLICT", other);
        Assert.Single(await bank.RecordsAsync("entry", settlement));
    }

    [Fact]
    public async Task AReversalPastAnAccountsFloorIsRefusedAndLeavesNothing()
    {
        var lakeside = await TestCommunity.CreateAsync(bank.App, bank.AdminToken, "lakeside", "una", "val");
        TestCommunity.Ok(await bank.App.GraphQLAsync(MutationDocument.For("updateCommunityPolicy", "errors { code message }"),
            new { input = new { communityId = lakeside.Id, policy = new { floorMinutes = 0 } } }, lakeside.People["coordinator"].Token), "updateCommunityPolicy");
        await lakeside.OkAsync(bank.App, "una", "recordExchange", new { providerMemberId = lakeside.People["val"].MemberId, minutes = 60 });
        long grant;
        await using (var db = await bank.CreateDbContextAsync())
        {
            var una = AuditTrailFixture.Key(lakeside.People["una"].MemberId, "Member");
            grant = await db.Members.Where(m => m.Id == una).Select(m => m.JoiningGrantEntrySequence!.Value).SingleAsync();
        }
        var before = await bank.CountAllAsync();

        var response = await bank.App.GraphQLAsync(MutationDocument.For("reverseEntry", "errors { code }"),
            new { input = new { entryId = EntryId(grant), reason = "granted twice" } }, lakeside.People["coordinator"].Token);

        Assert.Equal("INSUFFICIENT_CREDIT", (string?)response["data"]!["reverseEntry"]!["errors"]![0]!["code"]);
        Assert.Equal(before, await bank.CountAllAsync());
    }

    [Fact]
    public async Task AnEntryInAClosedPeriodIsReversedInTheOpenPeriod()
    {
        var (_, settlement) = await SettledAsync(10);
        var closedAt = bank.App.Clock.GetUtcNow();
        await bank.OkAsync("coordinator", "closePeriod", new { communityId = bank.Riverside.Id, endsAt = closedAt });
        bank.App.Clock.Advance(TimeSpan.FromMinutes(1));

        Assert.Null(await bank.ErrorCodeAsync("coordinator", "reverseEntry", new { entryId = EntryId(settlement), reason = "found after the close" }));

        await using var db = await bank.App.Services.GetRequiredService<IDbContextFactory<TimeBankDbContext>>().CreateDbContextAsync();
        var reversal = await db.Set<LedgerEntry>().SingleAsync(e => e.ReversesSequence == settlement);
        Assert.True(reversal.EffectiveAt > closedAt, $"the reversal is dated {reversal.EffectiveAt:O}, inside the period closed at {closedAt:O}");
        var group = await db.Communities.Where(c => c.Slug == "riverside").Select(c => c.LedgerGroup).SingleAsync();
        Assert.Empty((await db.ReconcileLedgerGroupAsync(group)).Discrepancies);
    }

    [Theory]
    [InlineData("maria", "FORBIDDEN")]
    [InlineData("audrey", "FORBIDDEN")]
    [InlineData("other-coordinator", "NOT_FOUND")]
    public async Task OnlyACoordinatorOfTheEntrysCommunityReversesIt(string person, string code)
    {
        var (_, settlement) = await SettledAsync(5);

        Assert.Equal(code, await bank.ErrorCodeAsync(person, "reverseEntry", new { entryId = EntryId(settlement), reason = "not mine" }));
    }

    private static string EntryId(long sequence) => GlobalId.Encode("LedgerEntry", sequence);

    /// <summary>An exchange maria received from tom, settled for <paramref name="minutes"/>: its ID and its settlement entry.</summary>
    private async Task<(string ExchangeId, long Settlement)> SettledAsync(int minutes)
    {
        var id = (string)(await bank.OkAsync("maria", "proposeExchange", new { counterpartMemberId = bank.Member("tom"), myRole = "RECEIVER", minutes }, "exchange { id }"))["exchange"]!["id"]!;
        await bank.OkAsync("tom", "acceptExchange", new { exchangeId = id });
        await bank.OkAsync("tom", "completeExchange", new { exchangeId = id, minutes });
        var settled = await bank.OkAsync("maria", "acknowledgeExchange", new { exchangeId = id }, "exchange { settlementEntrySequence }");
        return (id, (long)settled["exchange"]!["settlementEntrySequence"]!);
    }
}
