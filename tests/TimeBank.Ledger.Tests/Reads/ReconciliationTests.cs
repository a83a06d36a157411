using TimeBank.Ledger.Reads;
using TimeBank.Ledger.Tests.Infrastructure;
using TimeBank.Ledger.Writes;

namespace TimeBank.Ledger.Tests.Reads;

public sealed class ReconciliationTests : IAsyncLifetime
{
    private LedgerDatabase _db = null!;
    private long _alice, _bob;

    public async Task InitializeAsync()
    {
        _db = await LedgerDatabase.CreateAsync();
        _alice = await _db.OpenAccountAsync("alice");
        _bob = await _db.OpenAccountAsync("bob");
        await _db.SubmitAsync(_db.Transfer(_alice, _bob, 30));
        await _db.SubmitAsync(_db.Transfer(_alice, _bob, 40));
        await _db.SubmitAsync(_db.Transfer(_bob, _alice, 5));
        await _db.SubmitAsync(new PlaceHold(_alice, _bob, 15) { IdempotencyKey = "hold", ActorId = "m" });
    }

    public async Task DisposeAsync() => await _db.DisposeAsync();

    private async Task<IReadOnlyList<LedgerDiscrepancy>> ReconcileAsync()
    {
        await using var context = _db.CreateContext();
        return await context.ReconcileLedgerAsync();
    }

    [Fact]
    public async Task FindsNothingInCleanBooks()
    {
        Assert.Empty(await ReconcileAsync());
        await _db.AssertAccountsAsync((_alice, -65, 15, 0), (_bob, 65, 0, 15));
    }

    [Fact]
    public async Task ReportsARawEditOfAPostingAtItsEntry()
    {
        await _db.ExecuteSqlAsync(LedgerSql.DropSqliteTriggers);
        await _db.ExecuteSqlAsync("""UPDATE "LedgerPostings" SET "AmountMinutes" = 400 WHERE "EntrySequence" = 2 AND "Side" = 'Credit'""");

        var found = await ReconcileAsync();

        Assert.Contains(found, d => d is { Kind: DiscrepancyKind.EntryUnbalanced, EntrySequence: 2 });
        Assert.Contains(found, d => d is { Kind: DiscrepancyKind.RunningBalanceMismatch, EntrySequence: 2 });
        Assert.Contains(found, d => d.Kind == DiscrepancyKind.AccountTotalsMismatch && d.AccountId == _bob);
        Assert.Contains(found, d => d is { Kind: DiscrepancyKind.ChainBroken, EntrySequence: 2 });
        Assert.DoesNotContain(found, d => d.EntrySequence is not null and not 2);
    }

    [Fact]
    public async Task ReportsStoredTotalsThatDisagreeWithPostingsAndHolds()
    {
        await _db.ExecuteSqlAsync($"""UPDATE "LedgerAccounts" SET "CreditsPostedMinutes" = "CreditsPostedMinutes" + 7, "DebitsPendingMinutes" = 0 WHERE "Id" = {_alice}""");

        var found = await ReconcileAsync();

        Assert.Equal(
            [DiscrepancyKind.AccountTotalsMismatch, DiscrepancyKind.LastBalanceMismatch, DiscrepancyKind.PendingMismatch, DiscrepancyKind.LedgerGroupNotZero],
            found.Select(d => d.Kind));
    }

    [Fact]
    public async Task ReportsAPassedLimit()
    {
        await _db.ExecuteSqlAsync($"""UPDATE "LedgerAccounts" SET "FloorMinutes" = -60 WHERE "Id" = {_alice}""");

        var found = await ReconcileAsync();

        Assert.Contains(found, d => d is { Kind: DiscrepancyKind.LimitPassed, EntrySequence: 2 } && d.AccountId == _alice);
        Assert.Contains(found, d => d is { Kind: DiscrepancyKind.LimitPassed, EntrySequence: null } && d.AccountId == _alice);
    }
}
