using TimeBank.Ledger.Tests.Infrastructure;
using TimeBank.Ledger.Writes;

namespace TimeBank.Ledger.Tests.Writes;

public sealed class SetAccountLimitsTests : IAsyncLifetime
{
    private LedgerDatabase _db = null!;
    private long _alice, _bob;

    public async Task InitializeAsync()
    {
        _db = await LedgerDatabase.CreateAsync();
        _alice = await _db.OpenAccountAsync("alice", floorMinutes: -600, ceilingMinutes: 6000);
        _bob = await _db.OpenAccountAsync("bob", floorMinutes: -600, ceilingMinutes: 6000);
    }

    public async Task DisposeAsync() => await _db.DisposeAsync();

    private SetAccountLimits Limits(long accountId, long? floor, long? ceiling) =>
        new(accountId, floor, ceiling) { IdempotencyKey = _db.NextKey("limits"), ActorId = "coordinator" };

    [Fact]
    public async Task AStricterFloorLeavesOldHistoryCleanAndStopsFurtherDebits()
    {
        Assert.Equal(LedgerStatus.Ok, (await _db.SubmitAsync(_db.Transfer(_alice, _bob, 300))).Status);

        var changed = await _db.SubmitAsync(Limits(_alice, -120, 6000));
        var further = await _db.SubmitAsync(_db.Transfer(_alice, _bob, 10));
        var back = await _db.SubmitAsync(_db.Transfer(_bob, _alice, 60));

        Assert.Equal(LedgerStatus.Ok, changed.Status);
        Assert.Equal(LedgerStatus.ExceedsFloor, further.Status);
        Assert.Equal(LedgerStatus.Ok, back.Status); // towards the new floor, though still below it
        Assert.Equal(-120, (await _db.AccountAsync(_alice)).FloorMinutes);
        await _db.AssertBalancesAsync((_alice, -240), (_bob, 240));
        await _db.AssertReconciledAsync();
    }

    [Fact]
    public async Task ALooserFloorAllowsMoreAtOnce()
    {
        Assert.Equal(LedgerStatus.ExceedsFloor, (await _db.SubmitAsync(_db.Transfer(_alice, _bob, 700))).Status);

        await _db.SubmitAsync(Limits(_alice, -1200, 6000));

        Assert.Equal(LedgerStatus.Ok, (await _db.SubmitAsync(_db.Transfer(_alice, _bob, 700))).Status);
        await _db.AssertReconciledAsync();
    }

    [Fact]
    public async Task RefusesLimitsThatExcludeZeroAndUnknownAccounts()
    {
        Assert.Equal(LedgerStatus.InvalidLimits, (await _db.SubmitAsync(Limits(_alice, 10, 6000))).Status);
        Assert.Equal(LedgerStatus.InvalidLimits, (await _db.SubmitAsync(Limits(_alice, -600, -1))).Status);
        Assert.Equal(LedgerStatus.AccountNotFound, (await _db.SubmitAsync(Limits(404, -600, 6000))).Status);
        Assert.Equal(-600, (await _db.AccountAsync(_alice)).FloorMinutes);
    }

    [Fact]
    public async Task ARetryWithTheSameKeyIsAReplay()
    {
        var command = Limits(_alice, -300, 3000);

        var first = await _db.SubmitAsync(command);
        var retry = await _db.SubmitAsync(command);

        Assert.False(first.IsReplay);
        Assert.True(retry.IsReplay);
        await _db.AssertReconciledAsync();
    }
}
