using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using TimeBank.Api.Data;
using TimeBank.Api.Tests.Infrastructure;
using TimeBank.Ledger.Model;
using TimeBank.Ledger.Reads;
using TimeBank.Ledger.Writes;

namespace TimeBank.Api.Tests.Data;

/// <summary>The ledger's tables and triggers arrive with the API's migrations, in the API's database.</summary>
public sealed class LedgerInTimeBankDatabaseTests : IDisposable
{
    private readonly TestDatabase _database = new();

    [Fact]
    public async Task MigratedDatabaseRefusesRawRewritesOfLedgerHistory()
    {
        await using (var writer = new LedgerWriter<TimeBankDbContext>(_database.CreateContext))
        {
            var from = await OpenAsync(writer, "A");
            var to = await OpenAsync(writer, "B");
            var transfer = await writer.SubmitAsync(Transfer.Between(from, to, 60, "t1", "user:1"));
            Assert.Equal(LedgerStatus.Ok, transfer.Status);
        }

        await using var db = _database.CreateContext();
        var update = await Assert.ThrowsAsync<SqliteException>(() => db.Database.ExecuteSqlRawAsync("UPDATE LedgerPostings SET AmountMinutes = 1"));
        var delete = await Assert.ThrowsAsync<SqliteException>(() => db.Database.ExecuteSqlRawAsync("DELETE FROM LedgerEntries"));

        Assert.Contains("immutable", update.Message, StringComparison.Ordinal);
        Assert.Contains("immutable", delete.Message, StringComparison.Ordinal);
        Assert.Empty(await db.ReconcileLedgerAsync());
    }

    private static async Task<long> OpenAsync(LedgerWriter<TimeBankDbContext> writer, string code)
    {
        var result = await writer.SubmitAsync(new OpenAccount("g1", code, AccountKind.Member, -600, 6000)
        {
            IdempotencyKey = "open:" + code,
            ActorId = "user:1",
        });
        return result.AccountId ?? throw new InvalidOperationException(result.Status.ToString());
    }

    public void Dispose() => _database.Dispose();
}
