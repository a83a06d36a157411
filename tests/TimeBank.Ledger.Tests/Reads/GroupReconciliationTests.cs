using TimeBank.Ledger.Model;
using TimeBank.Ledger.Reads;
using TimeBank.Ledger.Tests.Infrastructure;
using TimeBank.Ledger.Writes;

namespace TimeBank.Ledger.Tests.Reads;

/// <summary>
/// A raw edit of the SQLite file (triggers dropped first, as an attacker with the file would) is reported by the group's
/// reconciliation, and the chain ones by its chain verification, at the exact entry or record.
/// </summary>
public sealed class GroupReconciliationTests : IAsyncLifetime
{
    private LedgerDatabase _db = null!;
    private long _issuance, _alice, _bob, _carol, _closeId;

    public async Task InitializeAsync()
    {
        _db = await LedgerDatabase.CreateAsync();
        _issuance = await _db.OpenAccountAsync("issuance", null, null, AccountKind.Issuance); // link 1
        _alice = await _db.OpenAccountAsync("alice");                                          // link 2
        _bob = await _db.OpenAccountAsync("bob");                                              // link 3
        _carol = await _db.OpenAccountAsync("carol");                                          // link 4
        await _db.FundAsync(_issuance, _alice, 300);                                           // entry 1, link 5
        await _db.SubmitAsync(_db.Transfer(_alice, _bob, 30));                                 // entry 2, link 6
        await _db.SubmitAsync(new SetAccountLimits(_bob, -120, 600) { IdempotencyKey = "limits-bob", ActorId = "admin" }); // links 7, 8
        _db.Clock.Advance(TimeSpan.FromHours(1));
        var close = await _db.SubmitAsync(new ClosePeriod(LedgerDatabase.Group, _db.Clock.GetUtcNow().AddMinutes(-30))
        {
            IdempotencyKey = "close-1",
            ActorId = "coordinator",
        });                                                                                    // link 9
        Assert.Equal(LedgerStatus.Ok, close.Status);
        _closeId = close.PeriodCloseId!.Value;
        await _db.SubmitAsync(_db.Transfer(_bob, _carol, 20));                                 // entry 3, link 10
        await _db.SubmitAsync(new PlaceHold(_alice, _carol, 15) { IdempotencyKey = "hold", ActorId = "m" });
    }

    public async Task DisposeAsync() => await _db.DisposeAsync();

    [Fact]
    public async Task FindsNothingInCleanBooksAndCountsWhatItChecked()
    {
        var reconciliation = await _db.ReconcileGroupAsync();

        Assert.Empty(reconciliation.Discrepancies);
        Assert.Equal((3L, 6L, 4L, 1L, 1L, 10L), (reconciliation.EntriesChecked, reconciliation.PostingsChecked, reconciliation.AccountsChecked,
            reconciliation.HoldsChecked, reconciliation.PeriodClosesChecked, reconciliation.LinksChecked));
        var verification = await _db.VerifyGroupAsync();
        Assert.True(verification.IsValid, verification.Reason);
        Assert.Equal(10, verification.LinksChecked);
        Assert.Equal(reconciliation.Head, verification.Head);
        Assert.Equal(10, reconciliation.Head!.Position);
    }

    [Fact]
    public async Task ReportsAnEditedAmountAtItsEntry()
    {
        await _db.DropTriggersAsync();
        await _db.ExecuteSqlAsync("""UPDATE "LedgerPostings" SET "AmountMinutes" = 400 WHERE "EntrySequence" = 2 AND "Side" = 'Credit'""");

        var found = (await _db.ReconcileGroupAsync()).Discrepancies;

        Assert.Contains(found, d => d is { Kind: DiscrepancyKind.EntryUnbalanced, EntrySequence: 2 });
        Assert.Contains(found, d => d is { Kind: DiscrepancyKind.LinkBroken, EntrySequence: 2, RecordType: "entry", RecordId: 2 });
        Assert.DoesNotContain(found, d => d.EntrySequence is not null and not 2);
        Assert.DoesNotContain(found, d => d.Kind == DiscrepancyKind.LinkBroken && d.RecordId != 2);
        Assert.Equal((false, 6L, "entry", 2L), await BrokenAtAsync());
    }

    [Fact]
    public async Task ReportsAnEditedRunningBalanceAtItsEntry()
    {
        await _db.DropTriggersAsync();
        await _db.ExecuteSqlAsync($"""UPDATE "LedgerPostings" SET "BalanceAfterMinutes" = 999 WHERE "EntrySequence" = 3 AND "AccountId" = {_carol}""");

        var found = (await _db.ReconcileGroupAsync()).Discrepancies;

        Assert.Contains(found, d => d is { Kind: DiscrepancyKind.RunningBalanceMismatch, EntrySequence: 3 } && d.AccountId == _carol);
        Assert.Contains(found, d => d is { Kind: DiscrepancyKind.LinkBroken, EntrySequence: 3 });
        Assert.Equal((false, 10L, "entry", 3L), await BrokenAtAsync());
    }

    [Fact]
    public async Task ReportsAnEditedLimitChangeAtItsRecordAndItsAccount()
    {
        await _db.DropTriggersAsync();
        await _db.ExecuteSqlAsync($"""UPDATE "LedgerLimitChanges" SET "FloorMinutes" = -6000 WHERE "AccountId" = {_bob} AND "EffectiveFromSequence" > 0""");

        var found = (await _db.ReconcileGroupAsync()).Discrepancies;

        Assert.Contains(found, d => d is { Kind: DiscrepancyKind.LinkBroken, RecordType: "limits", RecordId: 2 } && d.AccountId == _bob);
        Assert.Contains(found, d => d.Kind == DiscrepancyKind.LimitsMismatch && d.AccountId == _bob);
        Assert.Equal((false, 8L, "limits", 2L), await BrokenAtAsync());
    }

    [Fact]
    public async Task ReportsAQuietlyChangedFloorAtItsAccount()
    {
        await _db.DropTriggersAsync();
        // Bob's limits changed through the ledger: his current floor must be what his last limit change says.
        await _db.ExecuteSqlAsync($"""UPDATE "LedgerAccounts" SET "FloorMinutes" = -100000 WHERE "Id" = {_bob}""");
        // Carol's never changed: her floor is what her account link committed to when it opened.
        await _db.ExecuteSqlAsync($"""UPDATE "LedgerAccounts" SET "FloorMinutes" = -100000 WHERE "Id" = {_carol}""");

        var found = (await _db.ReconcileGroupAsync()).Discrepancies;

        Assert.Contains(found, d => d.Kind == DiscrepancyKind.LimitsMismatch && d.AccountId == _bob);
        Assert.Contains(found, d => d is { Kind: DiscrepancyKind.LinkBroken, RecordType: "account" } && d.AccountId == _carol && d.RecordId == _carol);
        Assert.Equal((false, 4L, "account", _carol), await BrokenAtAsync());
    }

    [Fact]
    public async Task ReportsAnEditedSnapshotBalanceAtItsCloseAndAccount()
    {
        await _db.DropTriggersAsync();
        await _db.ExecuteSqlAsync($"""UPDATE "LedgerPeriodBalances" SET "BalanceMinutes" = 1000 WHERE "AccountId" = {_bob}""");

        var found = (await _db.ReconcileGroupAsync()).Discrepancies;

        Assert.Contains(found, d => d is { Kind: DiscrepancyKind.SnapshotMismatch, RecordType: "close" } && d.RecordId == _closeId && d.AccountId == _bob);
        Assert.Contains(found, d => d is { Kind: DiscrepancyKind.SnapshotMismatch, AccountId: null } && d.RecordId == _closeId && d.Detail.Contains("digest", StringComparison.Ordinal));
        Assert.All(found, d => Assert.Equal(DiscrepancyKind.SnapshotMismatch, d.Kind));
    }

    [Fact]
    public async Task ReportsAnEditedLinkHashAtThatLinkOnly()
    {
        await _db.DropTriggersAsync();
        await _db.ExecuteSqlAsync($"""UPDATE "LedgerChainLinks" SET "Hash" = '{new string('a', 64)}' WHERE "Position" = 6""");

        var found = (await _db.ReconcileGroupAsync()).Discrepancies;

        var broken = Assert.Single(found);
        Assert.Equal((DiscrepancyKind.LinkBroken, "entry", 2L), (broken.Kind, broken.RecordType, broken.RecordId));
        Assert.Equal((false, 6L, "entry", 2L), await BrokenAtAsync());
    }

    [Fact]
    public async Task ReportsADeletedOperationsRowAtItsEntryAndHold()
    {
        await _db.DropTriggersAsync();
        await _db.ExecuteSqlAsync("""DELETE FROM "LedgerOperations" WHERE "EntrySequence" = 2 OR "HoldId" IS NOT NULL""");

        var found = (await _db.ReconcileGroupAsync()).Discrepancies;

        Assert.Equal(
            [(DiscrepancyKind.IdempotencyRecordMissing, "entry", 2L), (DiscrepancyKind.IdempotencyRecordMissing, "hold", 1L)],
            found.Select(d => (d.Kind, d.RecordType!, d.RecordId!.Value)).OrderBy(d => d.Item2));
        await using var context = _db.CreateContext();
        Assert.Equal(2, (await context.ReconcileLedgerAsync()).Count(d => d.Kind == DiscrepancyKind.IdempotencyRecordMissing));
    }

    [Fact]
    public async Task ReportsADeletedLinkAsMissingAndTheGapAsBroken()
    {
        await _db.DropTriggersAsync();
        await _db.ExecuteSqlAsync("""DELETE FROM "LedgerChainLinks" WHERE "Position" = 6""");

        var found = (await _db.ReconcileGroupAsync()).Discrepancies;

        Assert.Contains(found, d => d is { Kind: DiscrepancyKind.LinkMissing, EntrySequence: 2, RecordType: "entry" });
        Assert.Contains(found, d => d is { Kind: DiscrepancyKind.LinkBroken, RecordType: "limits" } && d.Detail.Contains("expected position 6", StringComparison.Ordinal));
        Assert.Equal((false, 7L), ((await _db.VerifyGroupAsync()).IsValid, (await _db.VerifyGroupAsync()).FirstBrokenPosition!.Value));
    }

    [Fact]
    public async Task VerifiesARangeOfTheChain()
    {
        await _db.DropTriggersAsync();
        await _db.ExecuteSqlAsync("""UPDATE "LedgerPostings" SET "AmountMinutes" = 400 WHERE "EntrySequence" = 2 AND "Side" = 'Credit'""");

        var after = await _db.VerifyGroupAsync(from: 7, to: 10);
        var including = await _db.VerifyGroupAsync(from: 5, to: 6);

        Assert.Equal((true, 4L), (after.IsValid, after.LinksChecked));
        Assert.Equal((false, 6L), (including.IsValid, including.FirstBrokenPosition!.Value));
    }

    private async Task<(bool IsValid, long Position, string RecordType, long RecordId)> BrokenAtAsync()
    {
        var verification = await _db.VerifyGroupAsync();
        return (verification.IsValid, verification.FirstBrokenPosition ?? 0, verification.RecordType ?? "", verification.RecordId ?? 0);
    }
}
