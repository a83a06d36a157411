using Microsoft.EntityFrameworkCore;
using TimeBank.Ledger.Hashing;
using TimeBank.Ledger.Model;
using TimeBank.Ledger.Tests.Infrastructure;
using TimeBank.Ledger.Writes;

namespace TimeBank.Ledger.Tests.Writes;

/// <summary>
/// A write that loses a race (a row changed between read and write; possible with several writers on
/// PostgreSQL) is rolled back and retried, never reported to the caller as a rejection.
/// </summary>
public sealed class LostRaceTests : IAsyncLifetime
{
    private LedgerDatabase _db = null!;
    private long _alice, _bob;

    public async Task InitializeAsync()
    {
        _db = await LedgerDatabase.CreateAsync();
        _alice = await _db.OpenAccountAsync("alice");
        _bob = await _db.OpenAccountAsync("bob");
    }

    public async Task DisposeAsync() => await _db.DisposeAsync();

    [Fact]
    public async Task RollsBackThePartialWriteAndRetries()
    {
        var racing = new RacingTransfer(_db.Transfer(_alice, _bob, 25, "race-1"), Losses: 2) { IdempotencyKey = "race-1", ActorId = "member-1" };

        var result = await _db.SubmitAsync(racing);

        Assert.Equal((LedgerStatus.Ok, 3), (result.Status, racing.Attempts));
        await using var context = _db.CreateContext();
        Assert.Equal([1L], await context.Set<LedgerEntry>().Select(e => e.Sequence).ToListAsync());
        await _db.AssertBalancesAsync((_alice, -25), (_bob, 25));
    }

    [Fact]
    public async Task GivesUpAfterTheRetryLimitWithoutWritingAnything()
    {
        var racing = new RacingTransfer(_db.Transfer(_alice, _bob, 25, "race-2"), Losses: int.MaxValue) { IdempotencyKey = "race-2", ActorId = "member-1" };

        await Assert.ThrowsAsync<LostRaceException>(() => _db.SubmitAsync(racing));
        var next = await _db.SubmitAsync(_db.Transfer(_alice, _bob, 5));

        Assert.Equal((LedgerStatus.Ok, 1L), (next.Status, next.EntrySequence!.Value));
        await _db.AssertBalancesAsync((_alice, -5), (_bob, 5));
    }

    [Fact]
    public async Task AFailingItemInABatchLeavesTheOtherItemsIntact()
    {
        var gate = new TaskCompletionSource();
        // The first item holds the writer until the other three are queued, so all three share one batch.
        var blocker = _db.Writer.SubmitAsync(_db.Transfer(_alice, _bob, 1), async (_, _, _) => await gate.Task);
        var before = _db.Writer.SubmitAsync(_db.Transfer(_alice, _bob, 10));
        var failing = _db.Writer.SubmitAsync(
            new RacingTransfer(_db.Transfer(_alice, _bob, 20, "race-3"), Losses: int.MaxValue) { IdempotencyKey = "race-3", ActorId = "member-1" });
        var after = _db.Writer.SubmitAsync(_db.Transfer(_alice, _bob, 40));
        gate.SetResult();

        Assert.Equal(LedgerStatus.Ok, (await blocker).Status);
        await Assert.ThrowsAsync<LostRaceException>(() => failing);
        Assert.Equal((LedgerStatus.Ok, 2L), ((await before).Status, (await before).EntrySequence!.Value));
        Assert.Equal((LedgerStatus.Ok, 3L), ((await after).Status, (await after).EntrySequence!.Value));
        await _db.AssertBalancesAsync((_alice, -51), (_bob, 51));
    }

    /// <summary>Writes a real transfer (under the same idempotency key, as every entry has its operation record), then claims to have lost a race the first <c>Losses</c> times.</summary>
    private sealed record RacingTransfer(Transfer Inner, int Losses) : LedgerCommand
    {
        public int Attempts { get; private set; }

        internal override string CommandType => "RacingTransfer";

        internal override void WriteContent(CanonicalWriter writer) => Inner.WriteContent(writer);

        internal override LedgerResult Apply(LedgerSession session)
        {
            Attempts++;
            var result = Inner.Apply(session);
            return Attempts <= Losses ? throw new LostRaceException("simulated: a row changed under us") : result;
        }
    }
}
