using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using TimeBank.Api.Data;
using TimeBank.Api.Tests.Infrastructure;
using TimeBank.Ledger;

namespace TimeBank.Api.Tests.Data;

/// <summary>
/// The migration from a dispatched time per outbox event to one mark: a database that had events delivered and waiting
/// comes out of it with the mark where the dispatcher used to start, so nothing is lost and nothing is told twice.
/// </summary>
public sealed class OutboxMarkMigrationTests : IDisposable
{
    private const string Before = "20261129170919_Issue15ImpactRollup";

    private readonly string _folder = TempFolder.Create();

    public void Dispose() => TempFolder.Delete(_folder);

    [Theory]
    [InlineData("delivered,delivered,waiting,waiting", 2)]
    [InlineData("delivered,delivered,delivered", 3)]
    [InlineData("waiting,waiting", 0)]
    [InlineData("", 0)]
    public async Task TheMarkIsJustBeforeTheFirstEventNeverMarked(string events, long expected)
    {
        var options = new DbContextOptionsBuilder<TimeBankDbContext>()
            .UseLedgerSqlite(new SqliteConnectionStringBuilder { DataSource = Path.Combine(_folder, "timebank.db") }.ToString())
            .Options;
        await using var db = new TimeBankDbContext(options);
        var migrator = db.GetService<IMigrator>();
        await migrator.MigrateAsync(Before);
        foreach (var state in events.Split(',', StringSplitOptions.RemoveEmptyEntries))
        {
            DateTime? dispatchedAt = state == "delivered" ? new DateTime(2026, 11, 29, 10, 0, 0, DateTimeKind.Utc) : null;
            await db.Database.ExecuteSqlAsync($"""
                INSERT INTO "Outbox" ("EventId", "Topic", "PayloadJson", "Audience", "CreatedAt", "DispatchedAt")
                VALUES (upper(hex(randomblob(16))), 't', '', '', '2026-11-29 09:00:00', {dispatchedAt})
                """);
        }

        await migrator.MigrateAsync();

        Assert.Equal(expected, await db.OutboxMarks.Select(m => m.DispatchedThroughId).SingleAsync());
        Assert.Equal(events.Split(',', StringSplitOptions.RemoveEmptyEntries).Length, await db.Outbox.CountAsync());
    }
}
