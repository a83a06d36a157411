using Microsoft.EntityFrameworkCore;

namespace TimeBank.Ledger.Tests.Infrastructure;

/// <summary>
/// The ledger's durability claims assume these settings: what they are, and that the test contexts really run with
/// them (the API's, the crash writer's and the benchmarks' contexts use the same <see cref="LedgerSqlite.UseLedgerSqlite(DbContextOptionsBuilder, string)"/>).
/// </summary>
public sealed class SqlitePragmaTests : IAsyncLifetime
{
    private LedgerDatabase _db = null!;

    public async Task InitializeAsync() => _db = await LedgerDatabase.CreateAsync();

    public async Task DisposeAsync() => await _db.DisposeAsync();

    [Fact]
    public void TheSettingsAreWalFullSyncForeignKeysBusyTimeoutA32MegabyteCacheAndSecureDelete() =>
        Assert.Equal(
            ["journal_mode=wal", "synchronous=2", "foreign_keys=1", "busy_timeout=5000", "cache_size=-32768", "secure_delete=1"],
            SqliteConnectionSettings.Settings.Select(s => $"{s.Pragma}={s.Value}"));

    [Fact]
    public async Task EveryConnectionRunsWithTheProductionSettings()
    {
        await using var context = _db.CreateContext();
        await context.Database.OpenConnectionAsync();

        Assert.Equal(SqliteConnectionSettings.Settings, await SqliteConnectionSettings.ReadAsync(context.Database.GetDbConnection()));
    }

    [Fact]
    public async Task ARawConnectionGetsThemFromApply()
    {
        await using var connection = new Microsoft.Data.Sqlite.SqliteConnection(_db.ConnectionString + ";Pooling=False");
        await connection.OpenAsync();

        SqliteConnectionSettings.Apply(connection);

        Assert.Equal(SqliteConnectionSettings.Settings, await SqliteConnectionSettings.ReadAsync(connection));
    }
}
