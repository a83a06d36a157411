using TimeBank.Ledger.Model;
using TimeBank.Ledger.Tests.Infrastructure;
using TimeBank.Ledger.Writes;

namespace TimeBank.Ledger.Tests.Writes;

public sealed class CloseAccountTests : IAsyncLifetime
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

    private CloseAccount Close(long accountId) => new(accountId) { IdempotencyKey = _db.NextKey("close"), ActorId = "admin" };

    [Fact]
    public async Task ClosesAnEmptyAccountAndKeepsItsHistory()
    {
        await _db.SubmitAsync(_db.Transfer(_alice, _bob, 30));
        await _db.SubmitAsync(_db.Transfer(_bob, _alice, 30));

        var result = await _db.SubmitAsync(Close(_alice));

        Assert.Equal(LedgerStatus.Ok, result.Status);
        Assert.Equal(AccountStatus.Closed, (await _db.AccountAsync(_alice)).Status);
        await _db.AssertBalancesAsync((_alice, 0), (_bob, 0));
    }

    [Fact]
    public async Task RefusesAnAccountWithABalanceOrHold()
    {
        await _db.SubmitAsync(_db.Transfer(_alice, _bob, 30));
        var carol = await _db.OpenAccountAsync("carol");
        await _db.SubmitAsync(new PlaceHold(carol, _alice, 10) { IdempotencyKey = "h", ActorId = "m" });

        Assert.Equal(LedgerStatus.AccountNotEmpty, (await _db.SubmitAsync(Close(_bob))).Status);
        Assert.Equal(LedgerStatus.AccountNotEmpty, (await _db.SubmitAsync(Close(carol))).Status);
        await _db.AssertAccountsAsync((_alice, -30, 0, 10), (_bob, 30, 0, 0), (carol, 0, 10, 0));
    }

    [Fact]
    public async Task RefusesAnUnknownOrClosedAccount()
    {
        await _db.SubmitAsync(Close(_alice));

        Assert.Equal(LedgerStatus.AccountClosed, (await _db.SubmitAsync(Close(_alice))).Status);
        Assert.Equal(LedgerStatus.AccountNotFound, (await _db.SubmitAsync(Close(404))).Status);
    }
}
