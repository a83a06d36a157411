using TimeBank.Api.Tests.Infrastructure;

namespace TimeBank.Api.Tests.Features.Exchanges;

/// <summary>The ways in (listing, direct, recorded) and the ways out (dispute, feedback), each moving the right minutes.</summary>
public sealed class ExchangeLifecycleTests(ExchangesFixture bank) : IClassFixture<ExchangesFixture>
{
    [Fact]
    public async Task RequestingAnOfferMakesTheAskerTheReceiverAndTheOwnerAccepts()
    {
        var listingId = await bank.ListingAsync("tom", "OFFER", "Bike repair", estimatedMinutes: 90);

        var exchange = await bank.OkAsync("requestExchange", "maria", new { listingId });

        Assert.Equal(("tom", "maria", 90, "RECEIVER"), Parties(exchange));
        var refused = await bank.MutateAsync("acceptExchange", bank.Token("maria"), new { exchangeId = (string)exchange["id"]! });
        Assert.Equal("FORBIDDEN", (string?)refused["data"]!["acceptExchange"]!["errors"]![0]!["code"]);
        await bank.OkAsync("acceptExchange", "tom", new { exchangeId = (string)exchange["id"]! });
    }

    [Fact]
    public async Task OfferingHelpOnARequestMakesTheHelperTheProvider()
    {
        var listingId = await bank.ListingAsync("maria", "REQUEST", "Garden help", estimatedMinutes: null);

        var missing = await bank.MutateAsync("offerHelp", bank.Token("tom"), new { listingId });
        var exchange = await bank.OkAsync("offerHelp", "tom", new { listingId, minutes = 120 });

        Assert.Equal("INVALID_INPUT", (string?)missing["data"]!["offerHelp"]!["errors"]![0]!["code"]);
        Assert.Equal(("tom", "maria", 120, "PROVIDER"), Parties(exchange));
        var wrongKind = await bank.MutateAsync("requestExchange", bank.Token("tom"), new { listingId, minutes = 10 });
        Assert.Equal("INVALID_INPUT", (string?)wrongKind["data"]!["requestExchange"]!["errors"]![0]!["code"]);
    }

    [Fact]
    public async Task RecordingSettlesAtOnceWithOneEntry()
    {
        var receiver = await bank.AccountOfAsync("sam");
        var provider = await bank.AccountOfAsync("poor");

        var exchange = await bank.OkAsync("recordExchange", "sam", new { providerMemberId = bank.Member("poor"), minutes = 30, description = "lift to town" });

        Assert.Equal("SETTLED", (string?)exchange["status"]);
        Assert.Equal(1, bank.EntriesOfRecorded());
        Assert.Equal((receiver.Balance - 30, receiver.Available - 30), await bank.AccountOfAsync("sam"));
        Assert.Equal((provider.Balance + 30, provider.Available + 30), await bank.AccountOfAsync("poor"));
        Assert.Empty(await bank.ReconcileAsync());
    }

    [Fact]
    public async Task RecordingWhereThePolicyForbidsItIsRefused()
    {
        var token = bank.AdminToken;
        await SetDirectRecordingAsync(token, false);
        try
        {
            var before = bank.Fingerprint();
            var response = await bank.MutateAsync("recordExchange", bank.Token("maria"), new { providerMemberId = bank.Member("tom"), minutes = 30 });

            Assert.Equal("NOT_ALLOWED_BY_POLICY", (string?)response["data"]!["recordExchange"]!["errors"]![0]!["code"]);
            Assert.Equal(before, bank.Fingerprint());
        }
        finally
        {
            await SetDirectRecordingAsync(token, true);
        }
    }

    [Fact]
    public async Task ADisputeSettledByACoordinatorPostsTheCorrectedMinutes()
    {
        var receiver = await bank.AccountOfAsync("maria");
        var id = await bank.InStatusAsync("DISPUTED");

        var exchange = await bank.OkAsync("resolveDispute", "coordinator", new { exchangeId = id, minutes = 20, note = "agreed on the phone" });

        Assert.Equal("SETTLED", (string?)exchange["status"]);
        Assert.Equal(20, (int?)exchange["actualMinutes"]);
        Assert.Equal((receiver.Balance - 20, receiver.Available - 20), await bank.AccountOfAsync("maria"));
        Assert.Equal(1, bank.EntriesOf(id));
        Assert.Empty(await bank.ReconcileAsync());
    }

    [Fact]
    public async Task ADisputeCancelledByACoordinatorReleasesTheHold()
    {
        var receiver = await bank.AccountOfAsync("maria");
        var id = await bank.InStatusAsync("DISPUTED");

        var exchange = await bank.OkAsync("resolveDispute", "coordinator", new { exchangeId = id, cancel = true });

        Assert.Equal("CANCELLED", (string?)exchange["status"]);
        Assert.Equal(receiver, await bank.AccountOfAsync("maria"));
        Assert.Equal(0, bank.EntriesOf(id));
    }

    [Fact]
    public async Task EachSideLeavesFeedbackOnce()
    {
        var id = await bank.InStatusAsync("SETTLED");

        await bank.OkAsync("leaveFeedback", "maria", new { exchangeId = id, rating = 5, note = "thanks!" });
        var again = await bank.OkAsync("leaveFeedback", "maria", new { exchangeId = id, rating = 5, note = "thanks!" });
        var other = await bank.MutateAsync("leaveFeedback", bank.Token("maria"), new { exchangeId = id, rating = 1 });
        await bank.OkAsync("leaveFeedback", "tom", new { exchangeId = id, rating = 4 });

        Assert.Equal("SETTLED", (string?)again["status"]);
        Assert.Equal("FEEDBACK_ALREADY_LEFT", (string?)other["data"]!["leaveFeedback"]!["errors"]![0]!["code"]);
        var response = await bank.App.GraphQLAsync("query($id: ID!) { exchange(id: $id) { providerFeedback { rating note } receiverFeedback { rating note } } }",
            new { id }, bank.Token("tom"));
        Assert.Equal(4, (int?)response["data"]!["exchange"]!["providerFeedback"]!["rating"]);
        Assert.Equal("thanks!", (string?)response["data"]!["exchange"]!["receiverFeedback"]!["note"]);
    }

    [Fact]
    public async Task ACoordinatorWhoIsAPartyActsOnlyAsThemself()
    {
        var id = await bank.ProposeAsync(30, receiver: "coordinator", provider: "tom");
        var acceptForTom = await bank.MutateAsync("acceptExchange", bank.Token("coordinator"), new { exchangeId = id });
        Assert.Equal("FORBIDDEN", (string?)acceptForTom["data"]!["acceptExchange"]!["errors"]![0]!["code"]);

        await bank.OkAsync("acceptExchange", "tom", new { exchangeId = id });
        await bank.OkAsync("completeExchange", "tom", new { exchangeId = id, minutes = 30 });
        await bank.OkAsync("disputeExchange", "coordinator", new { exchangeId = id, reason = "too long" });
        var before = bank.Fingerprint();

        var ownDispute = await bank.MutateAsync("resolveDispute", bank.Token("coordinator"), new { exchangeId = id, minutes = 1 });

        Assert.Equal("FORBIDDEN", (string?)ownDispute["data"]!["resolveDispute"]!["errors"]![0]!["code"]);
        Assert.Equal(before, bank.Fingerprint());
    }

    private static (string?, string?, int?, string?) Parties(System.Text.Json.Nodes.JsonNode exchange) =>
        ((string?)exchange["provider"]!["displayName"], (string?)exchange["receiver"]!["displayName"], (int?)exchange["agreedMinutes"], (string?)exchange["proposedBy"]);

    private async Task SetDirectRecordingAsync(string token, bool allowed) =>
        TestCommunity.Ok(await bank.App.GraphQLAsync(
            "mutation($input: UpdateCommunityPolicyInput!) { updateCommunityPolicy(input: $input) { errors { code message } } }",
            new { input = new { communityId = bank.Riverside.Id, policy = new { allowsDirectRecording = allowed } } }, token), "updateCommunityPolicy");
}
