using TimeBank.Ledger.Writes;

namespace TimeBank.Ledger.Tests.Writes;

/// <summary>A write's result names the accounts it changed with their figures right after it, and a replay names none.</summary>
public sealed class ResultBalancesTests : HoldTestBase
{
    [Fact]
    public async Task AHoldReportsWhatIsLeftAvailableOnBothSides()
    {
        var result = await Db.SubmitAsync(Place(50));

        Assert.Equal(
            [new AccountBalance(Alice, 0, -50), new AccountBalance(Bob, 0, 0)],
            result.Balances.OrderBy(b => b.AccountId == Alice ? 0 : 1));
    }

    [Fact]
    public async Task PostingAHoldPartlyReportsTheNewBalancesAndAReplayReportsNone()
    {
        var hold = await PlaceAsync(50);
        var post = new PostHold(hold, 30) { IdempotencyKey = "post-once", ActorId = "member-1" };

        var posted = await Db.SubmitAsync(post);
        var replay = await Db.SubmitAsync(post);

        Assert.Equal(
            [new AccountBalance(Alice, -30, -30), new AccountBalance(Bob, 30, 30)],
            posted.Balances.OrderBy(b => b.AccountId == Alice ? 0 : 1));
        Assert.True(replay.IsReplay);
        Assert.Empty(replay.Balances);
    }
}
