using TimeBank.Ledger.Reads;
using TimeBank.Ledger.Tests.Infrastructure;

namespace TimeBank.Ledger.Tests.Reads;

public sealed class ChainTests : IAsyncLifetime
{
    private LedgerDatabase _db = null!;

    public async Task InitializeAsync()
    {
        _db = await LedgerDatabase.CreateAsync();
        var alice = await _db.OpenAccountAsync("alice");
        var bob = await _db.OpenAccountAsync("bob");
        for (var i = 1; i <= 5; i++)
        {
            await _db.SubmitAsync(_db.Transfer(alice, bob, i) with { Memo = $"help {i}" });
        }
    }

    public async Task DisposeAsync() => await _db.DisposeAsync();

    [Fact]
    public async Task VerifiesAnUntouchedChain()
    {
        await using var context = _db.CreateContext();

        var verification = await context.VerifyLedgerChainAsync();

        Assert.Equal(new ChainVerification(true, 5, null, null), verification);
    }

    [Fact]
    public async Task NamesTheFirstEditedEntry()
    {
        await _db.ExecuteSqlAsync(LedgerSql.DropSqliteTriggers);
        await _db.ExecuteSqlAsync("""UPDATE "LedgerEntries" SET "Memo" = 'help 30' WHERE "Sequence" = 3""");
        await using var context = _db.CreateContext();

        var verification = await context.VerifyLedgerChainAsync();

        Assert.Equal((false, 3L), (verification.IsValid, verification.FirstBrokenSequence));
    }

    [Fact]
    public async Task NamesADeletedEntryAsAGap()
    {
        await _db.ExecuteSqlAsync(LedgerSql.DropSqliteTriggers);
        await _db.ExecuteSqlAsync("""PRAGMA foreign_keys=OFF; DELETE FROM "LedgerPostings" WHERE "EntrySequence" = 4; DELETE FROM "LedgerEntries" WHERE "Sequence" = 4""");
        await using var context = _db.CreateContext();

        var verification = await context.VerifyLedgerChainAsync();

        Assert.Equal((false, 5L), (verification.IsValid, verification.FirstBrokenSequence));
        Assert.Contains("expected sequence 4", verification.Reason, StringComparison.Ordinal);
    }
}
