using TimeBank.Ledger.Tests.Infrastructure;
using TimeBank.Ledger.Writes;

namespace TimeBank.Ledger.Tests.Reads;

/// <summary><c>LedgerAccount.SpendableMinutes</c>: available minutes down to the floor, exactly what the floor check lets through.</summary>
public sealed class SpendableTests : IAsyncLifetime
{
    private LedgerDatabase _db = null!;
    private long _alice, _bob;

    public async Task InitializeAsync()
    {
        _db = await LedgerDatabase.CreateAsync();
        _alice = await _db.OpenAccountAsync("alice", floorMinutes: -600, ceilingMinutes: null);
        _bob = await _db.OpenAccountAsync("bob", floorMinutes: null, ceilingMinutes: null);
    }

    public async Task DisposeAsync() => await _db.DisposeAsync();

    [Fact]
    public async Task IsTheBalanceLessHoldsDownToTheFloorAndTheFloorCheckAgrees()
    {
        await _db.SubmitAsync(_db.Transfer(_bob, _alice, 100));
        await _db.SubmitAsync(new PlaceHold(_alice, _bob, 50) { IdempotencyKey = _db.NextKey("hold"), ActorId = "member-1" });

        var spendable = (await _db.AccountAsync(_alice)).SpendableMinutes;

        Assert.Equal(100 - 50 + 600, spendable);
        Assert.Equal(LedgerStatus.ExceedsFloor, (await _db.SubmitAsync(_db.Transfer(_alice, _bob, spendable!.Value + 1))).Status);
        Assert.Equal(LedgerStatus.Ok, (await _db.SubmitAsync(_db.Transfer(_alice, _bob, spendable.Value))).Status);
        Assert.Equal(0, (await _db.AccountAsync(_alice)).SpendableMinutes);
    }

    [Fact]
    public async Task IsZeroForAnAccountAStricterFloorLeftBelowIt()
    {
        await _db.SubmitAsync(_db.Transfer(_alice, _bob, 500));
        await _db.SubmitAsync(new SetAccountLimits(_alice, FloorMinutes: -100, CeilingMinutes: null) { IdempotencyKey = _db.NextKey("limits"), ActorId = "admin" });

        Assert.Equal(0, (await _db.AccountAsync(_alice)).SpendableMinutes);
    }

    [Fact]
    public async Task IsNullWithoutAFloor()
    {
        await _db.SubmitAsync(_db.Transfer(_bob, _alice, 100));

        Assert.Null((await _db.AccountAsync(_bob)).SpendableMinutes);
    }
}
