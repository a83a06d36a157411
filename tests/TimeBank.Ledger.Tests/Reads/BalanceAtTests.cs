using TimeBank.Ledger.Reads;
using TimeBank.Ledger.Tests.Infrastructure;

namespace TimeBank.Ledger.Tests.Reads;

public sealed class BalanceAtTests : IAsyncLifetime
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
    public async Task ReturnsTheRunningBalanceAsItStoodThen()
    {
        var start = _db.Clock.GetUtcNow();
        await _db.SubmitAsync(_db.Transfer(_alice, _bob, 30));
        _db.Clock.Advance(TimeSpan.FromHours(1));
        await _db.SubmitAsync(_db.Transfer(_alice, _bob, 20));
        _db.Clock.Advance(TimeSpan.FromHours(1));
        await _db.SubmitAsync(_db.Transfer(_bob, _alice, 5));

        await using var context = _db.CreateContext();
        Assert.Equal(0, await context.GetBalanceAtAsync(_alice, start.AddMinutes(-1)));
        Assert.Equal(-30, await context.GetBalanceAtAsync(_alice, start));
        Assert.Equal(-30, await context.GetBalanceAtAsync(_alice, start.AddMinutes(59)));
        Assert.Equal(-50, await context.GetBalanceAtAsync(_alice, start.AddHours(1)));
        Assert.Equal(50, await context.GetBalanceAtAsync(_bob, start.AddHours(1).AddMinutes(30)));
        Assert.Equal(-45, await context.GetBalanceAtAsync(_alice, start.AddDays(1)));
        await _db.AssertBalancesAsync((_alice, -45), (_bob, 45));
    }
}
