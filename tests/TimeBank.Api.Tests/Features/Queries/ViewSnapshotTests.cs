using TimeBank.Api.Tests.Infrastructure;

namespace TimeBank.Api.Tests.Features.Queries;

/// <summary>
/// The three views a front end draws most, each read whole and snapshotted: a member as they see themselves, a page of
/// an account's statement, and an exchange in progress as its provider sees it. One short history makes all three:
/// maria's joining grant, an exchange in which tom helps maria for 90 minutes (settled), and a second in which maria
/// helps tom for 30 (accepted, so its minutes are held). Times come from the fake clock, minutes apart, and IDs from a
/// fresh database, so the snapshots are exact; a change of shape or of a visibility rule shows as a diff.
/// </summary>
public sealed class ViewSnapshotTests : IAsyncLifetime
{
    private readonly TimeBankApplication _app = new();
    private TestCommunity _bank = null!;
    private string _heldExchangeId = "";

    public async Task InitializeAsync()
    {
        var admin = await _app.RegisterAsync(TimeBankApplication.AdminEmail);
        _bank = await TestCommunity.CreateAsync(_app, admin, "riverside", "maria", "tom");
        await _bank.OkAsync(_app, "maria", "updateProfile", new
        {
            memberId = _bank.People["maria"].MemberId,
            bio = "Retired teacher, happy to tutor.",
            neighbourhood = "Riverside",
            availability = "weekday mornings",
            skillTags = new[] { "tutoring", "baking" },
            neighbourhoodVisibility = "COORDINATORS",
        });

        _app.Clock.Advance(TimeSpan.FromMinutes(1));
        var settled = await ExchangeStepAsync("proposeExchange", "maria",
            new { counterpartMemberId = _bank.People["tom"].MemberId, myRole = "RECEIVER", minutes = 90, description = "Fix the garden gate" });
        _app.Clock.Advance(TimeSpan.FromMinutes(1));
        await ExchangeStepAsync("acceptExchange", "tom", new { exchangeId = settled });
        _app.Clock.Advance(TimeSpan.FromMinutes(1));
        await ExchangeStepAsync("completeExchange", "tom", new { exchangeId = settled, minutes = 90, note = "New hinges." });
        _app.Clock.Advance(TimeSpan.FromMinutes(1));
        await ExchangeStepAsync("acknowledgeExchange", "maria", new { exchangeId = settled, note = "Thank you!" });

        _app.Clock.Advance(TimeSpan.FromMinutes(1));
        _heldExchangeId = await ExchangeStepAsync("proposeExchange", "tom",
            new { counterpartMemberId = _bank.People["maria"].MemberId, myRole = "RECEIVER", minutes = 30, description = "Maths homework" });
        _app.Clock.Advance(TimeSpan.FromMinutes(1));
        await ExchangeStepAsync("acceptExchange", "maria", new { exchangeId = _heldExchangeId });
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task AMemberSeesTheirWholeProfileAndAccount()
    {
        var response = await _app.GraphQLAsync(
            """
            query($id: ID!) { member(id: $id) {
                id displayName status roles appliedAt bio neighbourhood availability skillTags skillCategoryIds
                privacy { bio neighbourhood skills availability }
                community { slug }
                account { kind balanceMinutes balanceHours availableMinutes pendingCreditMinutes pendingDebitMinutes floorMinutes ceilingMinutes } } }
            """, new { id = _bank.People["maria"].MemberId }, _bank.People["maria"].Token);

        JsonSnapshot.Match(response);
    }

    [Fact]
    public async Task AStatementPageShowsEachLineWithItsRunningBalance()
    {
        var response = await _app.GraphQLAsync(
            """
            query($id: ID!) { member(id: $id) { account { statement(first: 2) {
                totalCount
                pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
                edges { cursor node {
                    entrySequence kind minutes hours balanceAfterMinutes balanceAfterHours memo effectiveAt recordedAt reversesEntrySequence
                    exchange { id status description } } } } } } }
            """, new { id = _bank.People["maria"].MemberId }, _bank.People["maria"].Token);

        JsonSnapshot.Match(response);
    }

    [Fact]
    public async Task AnAcceptedExchangeAsItsProviderSeesIt()
    {
        var response = await _app.GraphQLAsync(
            """
            query($id: ID!) { exchange(id: $id) {
                id status description agreedMinutes agreedHours actualMinutes actualHours proposedBy settlementEntrySequence
                completionNote disputeReason completedAt settledAt createdAt updatedAt
                provider { displayName account { balanceMinutes availableMinutes pendingCreditMinutes } }
                receiver { displayName account { balanceMinutes availableMinutes pendingDebitMinutes } }
                listing { title } community { slug }
                providerFeedback { rating note } receiverFeedback { rating note }
                timeline { fromStatus toStatus action actorUserId bySystem principal { displayName } minutes note at } } }
            """, new { id = _heldExchangeId }, _bank.People["maria"].Token);

        JsonSnapshot.Match(response);
    }

    private async Task<string> ExchangeStepAsync(string mutation, string person, object input) =>
        (string)(await _bank.OkAsync(_app, person, mutation, input, "exchange { id }"))["exchange"]!["id"]!;
}
