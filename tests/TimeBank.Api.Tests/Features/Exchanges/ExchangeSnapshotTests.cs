using System.Text.Json.Nodes;
using TimeBank.Api.Tests.Infrastructure;

namespace TimeBank.Api.Tests.Features.Exchanges;

/// <summary>
/// An exchange as a front end reads it after a whole life (proposed, accepted, completed, disputed, resolved by a
/// coordinator, feedback), snapshotted: times from the fake clock (minutes apart, within the tokens' life) and IDs
/// from a fresh database make it exact.
/// </summary>
public sealed class ExchangeSnapshotTests : IAsyncLifetime
{
    private readonly TimeBankApplication _app = new();
    private TestCommunity _bank = null!;

    public async Task InitializeAsync()
    {
        var admin = await _app.RegisterAsync(TimeBankApplication.AdminEmail);
        _bank = await TestCommunity.CreateAsync(_app, admin, "riverside", "maria", "tom");
    }

    [Fact]
    public async Task AResolvedDisputeShowsItsWholeTimeline()
    {
        var id = (string)(await StepAsync("proposeExchange", "maria",
            new { counterpartMemberId = _bank.People["tom"].MemberId, myRole = "RECEIVER", minutes = 90, description = "Fix the garden gate" }))["id"]!;
        _app.Clock.Advance(TimeSpan.FromMinutes(2));
        await StepAsync("acceptExchange", "tom", new { exchangeId = id });
        _app.Clock.Advance(TimeSpan.FromMinutes(5));
        await StepAsync("completeExchange", "tom", new { exchangeId = id, minutes = 90, note = "New hinges." });
        _app.Clock.Advance(TimeSpan.FromMinutes(3));
        await StepAsync("disputeExchange", "maria", new { exchangeId = id, reason = "It took an hour." });
        _app.Clock.Advance(TimeSpan.FromMinutes(2));
        await StepAsync("resolveDispute", "coordinator", new { exchangeId = id, minutes = 60, note = "Agreed with both." });
        await StepAsync("leaveFeedback", "tom", new { exchangeId = id, rating = 4, note = "Nice gate." });

        var response = await _app.GraphQLAsync("""
            query($id: ID!) { exchange(id: $id) {
                id status description agreedMinutes agreedHours actualMinutes actualHours proposedBy settlementEntrySequence
                completionNote disputeReason completedAt settledAt createdAt updatedAt
                provider { displayName } receiver { displayName account { balanceMinutes availableMinutes } } listing { title } community { slug }
                providerFeedback { rating note } receiverFeedback { rating note }
                timeline { fromStatus toStatus action actorUserId bySystem principal { displayName } minutes note at } } }
            """, new { id }, _bank.People["maria"].Token);

        JsonSnapshot.Match(response);
    }

    private async Task<JsonNode> StepAsync(string mutation, string person, object input) =>
        (await _bank.OkAsync(_app, person, mutation, input, "exchange { id }"))["exchange"]!;

    public Task DisposeAsync() => _app.DisposeAsync().AsTask();
}
