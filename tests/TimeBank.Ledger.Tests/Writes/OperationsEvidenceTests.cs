using Microsoft.Data.Sqlite;
using TimeBank.Ledger.Tests.Infrastructure;
using TimeBank.Ledger.Writes;

namespace TimeBank.Ledger.Tests.Writes;

/// <summary>Idempotency records are evidence: deleting one would free its key for a second, different write.</summary>
public sealed class OperationsEvidenceTests : IAsyncLifetime
{
    private LedgerDatabase _db = null!;

    public async Task InitializeAsync()
    {
        _db = await LedgerDatabase.CreateAsync();
        var alice = await _db.OpenAccountAsync("alice");
        var bob = await _db.OpenAccountAsync("bob");
        await _db.SubmitAsync(_db.Transfer(alice, bob, 30, "pay") with { Memo = "lunch" });
    }

    public async Task DisposeAsync() => await _db.DisposeAsync();

    [Theory]
    [InlineData("""DELETE FROM "LedgerOperations" WHERE "IdempotencyKey" = 'pay'""")]
    [InlineData("""UPDATE "LedgerOperations" SET "RequestHash" = 'x' WHERE "IdempotencyKey" = 'pay'""")]
    [InlineData("""UPDATE "LedgerOperations" SET "IdempotencyKey" = 'other' WHERE "IdempotencyKey" = 'pay'""")]
    [InlineData("""UPDATE "LedgerOperations" SET "RequestHash" = 'erased', "EntrySequence" = 7 WHERE "IdempotencyKey" = 'pay'""")]
    public async Task TheDatabaseRefusesToDeleteOrRewriteAnOperation(string sql)
    {
        var error = await Assert.ThrowsAsync<SqliteException>(() => _db.ExecuteSqlAsync(sql));

        Assert.Contains("ledger operations", error.Message, StringComparison.Ordinal);
        await _db.AssertReconciledAsync();
    }

    [Fact]
    public async Task AnErasureStillForgetsTheRequestHash()
    {
        var erase = await _db.SubmitAsync(new EraseMemos { EntrySequences = [1], IdempotencyKey = "erase", ActorId = "admin" });

        Assert.Equal((LedgerStatus.Ok, 1L), (erase.Status, erase.AffectedCount));
        Assert.Equal(1, await _db.ExecuteSqlAsync("""UPDATE "LedgerOperations" SET "RequestHash" = 'erased' WHERE "IdempotencyKey" = 'pay'"""));
        Assert.Empty((await _db.ReconcileGroupAsync()).Discrepancies);
    }
}
