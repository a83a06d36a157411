using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using TimeBank.Ledger.Model;
using TimeBank.Ledger.Tests.Infrastructure;

namespace TimeBank.Ledger.Tests.Writes;

public sealed class ImmutabilityTests : IAsyncLifetime
{
    private LedgerDatabase _db = null!;

    public async Task InitializeAsync()
    {
        _db = await LedgerDatabase.CreateAsync();
        var alice = await _db.OpenAccountAsync("alice");
        var bob = await _db.OpenAccountAsync("bob");
        await _db.SubmitAsync(_db.Transfer(alice, bob, 30));
    }

    public async Task DisposeAsync() => await _db.DisposeAsync();

    [Fact]
    public async Task EfCoreRefusesToDeleteAnEntry()
    {
        await using var context = _db.CreateContext();
        var entry = await context.Set<LedgerEntry>().SingleAsync();
        context.Remove(entry);

        await Assert.ThrowsAsync<InvalidOperationException>(() => context.SaveChangesAsync());
        await _db.AssertReconciledAsync();
    }

    [Fact]
    public async Task EfCoreRefusesToUpdateAPosting()
    {
        await using var context = _db.CreateContext();
        var posting = await context.Set<LedgerPosting>().FirstAsync();
        context.Entry(posting).Property(p => p.AmountMinutes).CurrentValue = 3000;

        await Assert.ThrowsAsync<InvalidOperationException>(() => context.SaveChangesAsync());
        await _db.AssertReconciledAsync();
    }

    [Theory]
    [InlineData("""INSERT INTO "LedgerOperations" ("IdempotencyKey", "CommandType", "RequestHash", "AffectedCount", "RecordedAtUnixMs") SELECT "IdempotencyKey", 'Transfer', 'x', 0, 0 FROM "LedgerOperations" LIMIT 1""", "UNIQUE")]
    [InlineData("""INSERT INTO "LedgerPostings" ("EntrySequence", "Index", "AccountId", "Side", "AmountMinutes", "BalanceAfterMinutes") VALUES (1, 5, 1, 'Debit', 0, 0)""", "CHECK")]
    public async Task TheDatabaseRefusesDuplicateKeysAndEmptyPostings(string sql, string message)
    {
        var error = await Assert.ThrowsAsync<SqliteException>(() => _db.ExecuteSqlAsync(sql));

        Assert.Contains(message, error.Message, StringComparison.Ordinal);
        await _db.AssertReconciledAsync();
    }

    [Theory]
    [InlineData("""UPDATE "LedgerPostings" SET "AmountMinutes" = 3000""", "immutable")]
    [InlineData("""DELETE FROM "LedgerPostings" """, "immutable")]
    [InlineData("""UPDATE "LedgerEntries" SET "Memo" = 'edited'""", "immutable")]
    [InlineData("""DELETE FROM "LedgerEntries" """, "immutable")]
    public async Task TheDatabaseRefusesRawSql(string sql, string message)
    {
        var error = await Assert.ThrowsAsync<SqliteException>(() => _db.ExecuteSqlAsync(sql));

        Assert.Contains(message, error.Message, StringComparison.Ordinal);
        await _db.AssertReconciledAsync();
    }
}
