using TimeBank.Ledger.Model;
using TimeBank.Ledger.Tests.Infrastructure;
using TimeBank.Ledger.Writes;

namespace TimeBank.Ledger.Tests.Writes;

public sealed class OpenAccountTests : IAsyncLifetime
{
    private LedgerDatabase _db = null!;

    public async Task InitializeAsync() => _db = await LedgerDatabase.CreateAsync();

    public async Task DisposeAsync() => await _db.DisposeAsync();

    private static OpenAccount Open(string code, long? floor = -600, long? ceiling = 6000, string key = "open") =>
        new(LedgerDatabase.Group, code, AccountKind.Member, floor, ceiling) { IdempotencyKey = key, ActorId = "admin" };

    [Fact]
    public async Task OpensAnEmptyAccountWithItsLimits()
    {
        var result = await _db.SubmitAsync(Open("alice"));

        var account = await _db.AccountAsync(result.AccountId!.Value);
        Assert.Equal((LedgerDatabase.Group, "alice", AccountKind.Member, AccountStatus.Open, -600L, 6000L, 0L, 0L),
            (account.LedgerGroup, account.Code, account.Kind, account.Status, account.FloorMinutes, account.CeilingMinutes,
             account.BalanceMinutes, account.AvailableMinutes));
        await _db.AssertReconciledAsync();
    }

    [Fact]
    public async Task RefusesASecondAccountWithTheSameCode()
    {
        await _db.SubmitAsync(Open("alice", key: "open-1"));

        Assert.Equal(LedgerStatus.AccountExists, (await _db.SubmitAsync(Open("alice", key: "open-2"))).Status);
        await _db.AssertReconciledAsync();
    }

    [Fact]
    public async Task ReplayReturnsTheSameAccount()
    {
        var first = await _db.SubmitAsync(Open("alice", key: "open-1"));

        var replay = await _db.SubmitAsync(Open("alice", key: "open-1"));

        Assert.Equal((true, first.AccountId), (replay.IsReplay, replay.AccountId));
    }

    [Theory]
    [InlineData(10L, 100L)]
    [InlineData(-10L, -1L)]
    public async Task RefusesLimitsThatExcludeZero(long floor, long ceiling)
    {
        Assert.Equal(LedgerStatus.InvalidLimits, (await _db.SubmitAsync(Open("alice", floor, ceiling))).Status);
    }
}
