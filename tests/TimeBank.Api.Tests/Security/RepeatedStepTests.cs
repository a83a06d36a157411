using System.Text.Json.Nodes;
using TimeBank.Api.Tests.Infrastructure;

namespace TimeBank.Api.Tests.Security;

/// <summary>
/// A step repeated: with the same content it answers as the first time and changes nothing more; with other content
/// (other minutes, another note or decision, or a step by another route after the first) it is refused with a
/// conflict code and changes nothing, never a success that did not apply what was asked. Validation runs first.
/// Every mutation of exchanges, listings and matching has a row (checked against the live schema); to cover a new
/// one, add a line to <see cref="Rows"/>.
/// </summary>
public sealed class RepeatedStepTests(SecurityBank bank) : IClassFixture<SecurityBank>
{
    private const string Conflict = "IDEMPOTENCY_CONFLICT";
    private const string WrongStatus = "WRONG_STATUS";
    private const string Invalid = "INVALID_INPUT";

    /// <summary>Payloads whose mutations this table covers.</summary>
    private static readonly string[] CoveredPayloads = ["ExchangePayload", "ListingPayload", "MatchPayload"];

    /// <summary>One call: the mutation, who makes it, its input given the target's ID, and (for a repeat) the code it must get.</summary>
    private sealed record Try(string Mutation, string Person, Func<string, object> Input, string? Code = null);

    /// <summary>
    /// A row: what the first call acts on (an exchange's status, "listing", "paused listing", "match" or "nothing"),
    /// the first call, and the repeats with other content. <c>Creates</c> marks calls that make something new each
    /// time (no key to recognise a retry by): the repeat makes a second one, and says so.
    /// </summary>
    private sealed record Row(string Target, Try First, params Try[] Others)
    {
        public bool Creates { get; init; }
    }

    private static readonly Dictionary<string, Row> Rows = new()
    {
        ["accept"] = new("REQUESTED", new("acceptExchange", "tom", id => new { exchangeId = id }),
            new Try("declineExchange", "tom", id => new { exchangeId = id }, WrongStatus)),
        ["decline"] = new("REQUESTED", new("declineExchange", "tom", id => new { exchangeId = id, reason = "busy" }),
            new Try("declineExchange", "tom", id => new { exchangeId = id, reason = "away" }, Conflict),
            new Try("acceptExchange", "tom", id => new { exchangeId = id }, WrongStatus)),
        ["cancel a request"] = new("REQUESTED", new("cancelExchange", "maria", id => new { exchangeId = id, reason = "plans changed" }),
            new Try("cancelExchange", "maria", id => new { exchangeId = id, reason = "ill" }, Conflict),
            new Try("cancelExchange", "tom", id => new { exchangeId = id }, Conflict),
            new Try("declineExchange", "tom", id => new { exchangeId = id, reason = "plans changed" }, WrongStatus)),
        ["cancel an accepted exchange"] = new("ACCEPTED", new("cancelExchange", "tom", id => new { exchangeId = id, reason = "ill" }),
            new Try("cancelExchange", "maria", id => new { exchangeId = id, reason = "plans changed" }, Conflict)),
        ["complete"] = new("ACCEPTED", new("completeExchange", "tom", id => new { exchangeId = id, minutes = 30, note = "fixed" }),
            new Try("completeExchange", "tom", id => new { exchangeId = id, minutes = 20, note = "fixed" }, Conflict),
            new Try("completeExchange", "tom", id => new { exchangeId = id, minutes = 999, note = "fixed" }, Invalid),
            new Try("completeExchange", "tom", id => new { exchangeId = id, minutes = 30, note = "other words" }, Conflict),
            new Try("cancelExchange", "maria", id => new { exchangeId = id }, WrongStatus)),
        ["acknowledge"] = new("COMPLETED", new("acknowledgeExchange", "maria", id => new { exchangeId = id, note = "thanks" }),
            new Try("acknowledgeExchange", "maria", id => new { exchangeId = id, note = "other words" }, Conflict),
            new Try("disputeExchange", "maria", id => new { exchangeId = id, reason = "too long" }, WrongStatus),
            new Try("resolveDispute", "coordinator", id => new { exchangeId = id, minutes = 30 }, WrongStatus),
            new Try("resolveDispute", "coordinator", id => new { exchangeId = id, minutes = 77 }, Invalid),
            new Try("resolveDispute", "coordinator", id => new { exchangeId = id, cancel = true }, WrongStatus),
            new Try("completeExchange", "tom", id => new { exchangeId = id, minutes = 30 }, WrongStatus)),
        ["dispute"] = new("COMPLETED", new("disputeExchange", "maria", id => new { exchangeId = id, reason = "too long" }),
            new Try("disputeExchange", "maria", id => new { exchangeId = id, reason = "not done" }, Conflict),
            new Try("acknowledgeExchange", "maria", id => new { exchangeId = id }, WrongStatus)),
        ["resolve by settling"] = new("DISPUTED", new("resolveDispute", "coordinator", id => new { exchangeId = id, minutes = 20, note = "half" }),
            new Try("resolveDispute", "coordinator", id => new { exchangeId = id, minutes = 25, note = "half" }, Conflict),
            new Try("resolveDispute", "coordinator", id => new { exchangeId = id, minutes = 20, note = "other words" }, Conflict),
            new Try("resolveDispute", "coordinator", id => new { exchangeId = id, minutes = 77 }, Invalid),
            new Try("resolveDispute", "coordinator", id => new { exchangeId = id, cancel = true, note = "half" }, WrongStatus),
            new Try("acknowledgeExchange", "maria", id => new { exchangeId = id }, WrongStatus)),
        ["resolve by cancelling"] = new("DISPUTED", new("resolveDispute", "coordinator", id => new { exchangeId = id, cancel = true, note = "no show" }),
            new Try("resolveDispute", "coordinator", id => new { exchangeId = id, minutes = 20, note = "no show" }, WrongStatus),
            new Try("resolveDispute", "coordinator", id => new { exchangeId = id, cancel = true, note = "other words" }, Conflict),
            new Try("cancelExchange", "maria", id => new { exchangeId = id, reason = "no show" }, WrongStatus)),
        ["feedback"] = new("SETTLED", new("leaveFeedback", "maria", id => new { exchangeId = id, rating = 5, note = "thanks" }),
            new Try("leaveFeedback", "maria", id => new { exchangeId = id, rating = 4, note = "thanks" }, "FEEDBACK_ALREADY_LEFT"),
            new Try("leaveFeedback", "maria", id => new { exchangeId = id, rating = 5, note = "other words" }, "FEEDBACK_ALREADY_LEFT")),
        ["record with a key"] = new("nothing", new("recordExchange", "maria", _ => Record(30, "sofa", "tom")),
            new Try("recordExchange", "maria", _ => Record(31, "sofa", "tom"), Conflict),
            new Try("recordExchange", "maria", _ => Record(30, "other words", "tom"), Conflict),
            new Try("recordExchange", "maria", _ => Record(30, "sofa", "nina"), Conflict)),
        ["record without a key"] = new("nothing", new("recordExchange", "maria", _ => new { providerMemberId = Bank.Member("tom"), minutes = 5 })) { Creates = true },
        ["propose"] = new("nothing", new("proposeExchange", "maria", _ => new { counterpartMemberId = Bank.Member("tom"), myRole = "RECEIVER", minutes = 5 })) { Creates = true },
        ["offer help"] = new("request", new("offerHelp", "maria", id => new { listingId = id })) { Creates = true },
        ["request"] = new("listing", new("requestExchange", "tom", id => new { listingId = id })) { Creates = true },
        ["list"] = new("nothing", new("createListing", "maria", _ => new { communityId = Bank.Riverside.Id, kind = "OFFER", title = "ironing", categoryId = Bank.CategoryId }))
        {
            Creates = true,
        },
        ["edit a listing"] = new("listing", new("updateListing", "maria", id => new { listingId = id, title = "bike repair and tuning", estimatedMinutes = 45 })),
        ["pause"] = new("listing", new("pauseListing", "maria", id => new { listingId = id })),
        ["reopen"] = new("paused listing", new("reopenListing", "maria", id => new { listingId = id })),
        ["close"] = new("listing", new("closeListing", "maria", id => new { listingId = id }),
            new Try("pauseListing", "maria", id => new { listingId = id }, WrongStatus),
            new Try("reopenListing", "maria", id => new { listingId = id }, WrongStatus),
            new Try("updateListing", "maria", id => new { listingId = id, title = "changed" }, WrongStatus)),
        ["dismiss a match"] = new("match", new("dismissMatch", "maria", id => new { matchId = id })),
        // An entry is reversed once: the same reason again is the same correction, another reason is not applied.
        ["reverse an entry"] = new("settlement entry", new("reverseEntry", "coordinator", id => new { entryId = id, reason = "settled by mistake" }),
            new Try("reverseEntry", "coordinator", id => new { entryId = id, reason = "another reason" }, Conflict),
            new Try("reverseEntry", "coordinator", id => new { entryId = id, reason = " " }, Invalid)),
        // Entries written after a close are dated after it, so the rows that run later are not affected.
        ["close a period"] = new("nothing", new("closePeriod", "coordinator", _ => new { communityId = Bank.Riverside.Id, endsAt = ClosedAt }),
            new Try("closePeriod", "coordinator", _ => new { communityId = Bank.Riverside.Id, endsAt = ClosedAt.AddSeconds(-1) }, "PERIOD_CLOSED")),
    };

    // The rows' inputs are built when a test runs, from the fixture of that run.
    private static readonly AsyncLocal<SecurityBank> CurrentBank = new();

    private static SecurityBank Bank => CurrentBank.Value ?? throw new InvalidOperationException("Rows are read inside a test only.");

    /// <summary>The end of the period the close row closes: the clock's start (it stands still).</summary>
    private static DateTimeOffset ClosedAt => Bank.App.Clock.GetUtcNow();

    public static TheoryData<string> Names => [.. Rows.Keys];

    [Fact]
    public async Task EveryExchangeListingAndMatchingMutationHasARow()
    {
        var mutations = await bank.MutationsAsync();
        var covered = mutations.Where(m => CoveredPayloads.Contains(m.Value.PayloadType)).Select(m => m.Key);

        Assert.Empty(covered.Except(Rows.Values.Select(r => r.First.Mutation)));
    }

    [Theory]
    [MemberData(nameof(Names))]
    public async Task TheSameContentAgainAnswersAlikeAndOtherContentIsAConflict(string name)
    {
        CurrentBank.Value = bank;
        var row = Rows[name];
        var target = await TargetAsync(row.Target);
        var first = Payload(await bank.MutateAsync(row.First.Mutation, row.First.Person, row.First.Input(target)), row.First.Mutation);
        var afterFirst = bank.Fingerprint();

        var again = Payload(await bank.MutateAsync(row.First.Mutation, row.First.Person, row.First.Input(target)), row.First.Mutation);

        if (row.Creates)
        {
            Assert.NotEqual(Id(first), Id(again));
            return;
        }
        Assert.Equal(first.ToJsonString(), again.ToJsonString());
        Assert.True(afterFirst == bank.Fingerprint(), $"{name}: the same call again changed something");
        foreach (var other in row.Others)
        {
            var response = await bank.MutateAsync(other.Mutation, other.Person, other.Input(target));

            Assert.True(other.Code == SecurityBank.ErrorCode(response, other.Mutation), $"{name}, then {other.Mutation}: {response.ToJsonString()}");
            Assert.True(afterFirst == bank.Fingerprint(), $"{name}, then {other.Mutation}: refused, yet something changed");
        }
    }

    [Fact]
    public async Task ListingMovesRacedAtOnceNeverUndoEachOther()
    {
        var listings = new List<string>();
        for (var i = 0; i < 12; i++)
        {
            listings.Add(await bank.ListingAsync("maria", "OFFER", $"race {i}"));
        }

        var answers = await Task.WhenAll(listings.Select(async id =>
        {
            var moves = await Task.WhenAll(
                bank.MutateAsync("closeListing", "maria", new { listingId = id }),
                bank.MutateAsync("pauseListing", "coordinator", new { listingId = id }));
            return (Id: id, Closed: moves[0]["data"]!["closeListing"]!["errors"]!.AsArray().Count == 0,
                Paused: moves[1]["data"]!["pauseListing"]!["errors"]!.AsArray().Count == 0);
        }));

        foreach (var (id, closed, paused) in answers)
        {
            var final = (string?)(await bank.App.GraphQLAsync("query($id: ID!) { node(id: $id) { ... on Listing { status } } }", new { id }, bank.Token("maria")))
                ["data"]!["node"]!["status"];
            // A close that succeeded stands; a pause that succeeded came before it or is all there is.
            Assert.True(!closed || final == "CLOSED", $"{id}: closed and paused both answered success ({closed}, {paused}), yet it is {final}");
            Assert.True(closed || paused, $"{id}: neither move succeeded");
        }
    }

    private static object Record(int minutes, string description, string provider) =>
        new { providerMemberId = Bank.Member(provider), minutes, description, idempotencyKey = "sofa-1" };

    private async Task<string> TargetAsync(string target) => target switch
    {
        "nothing" => "",
        "listing" => await bank.ListingAsync("maria", "OFFER", "bike repair"),
        "request" => await bank.ListingAsync("tom", "REQUEST", "window cleaning"),
        "paused listing" => await PausedListingAsync(),
        "match" => await bank.MatchAsync("maria", "tom", "hedge trimming"),
        "settlement entry" => await SettlementEntryAsync(),
        _ => await bank.ExchangeAsync(target),
    };

    private async Task<string> SettlementEntryAsync()
    {
        var exchange = await bank.ReadExchangeAsync(await bank.ExchangeAsync("SETTLED"));
        return TimeBank.GraphQL.Relay.GlobalId.Encode("LedgerEntry", (long)exchange["settlementEntrySequence"]!);
    }

    private async Task<string> PausedListingAsync()
    {
        var id = await bank.ListingAsync("maria", "OFFER", "dog walking");
        await bank.OkAsync("pauseListing", "maria", new { listingId = id });
        return id;
    }

    private static JsonNode Payload(JsonObject response, string mutation) => TestCommunity.Ok(response, mutation);

    private static string? Id(JsonNode payload) => (string?)(payload["exchange"] ?? payload["listing"] ?? payload["match"])?["id"];
}
