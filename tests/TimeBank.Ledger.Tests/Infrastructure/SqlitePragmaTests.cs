using Microsoft.EntityFrameworkCore;

namespace TimeBank.Ledger.Tests.Infrastructure;

/// <summary>The ledger's durability claims assume these settings; make sure the test contexts really run with them.</summary>
public sealed class SqlitePragmaTests : IAsyncLifetime
{
    private LedgerDatabase _db = null!;

    public async Task InitializeAsync() => _db = await LedgerDatabase.CreateAsync();

    public async Task DisposeAsync() => await _db.DisposeAsync();

    [Fact]
    public async Task EveryConnectionUsesWalFullSyncAndForeignKeys()
    {
        await using var context = _db.CreateContext();
        await context.Database.OpenConnectionAsync();
        var connection = context.Database.GetDbConnection();

        async Task<string> Pragma(string name)
        {
            await using var command = connection.CreateCommand();
            command.CommandText = $"PRAGMA {name}";
            return Convert.ToString(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture)!;
        }

        Assert.Equal(("wal", "2", "1", "5000"),
            (await Pragma("journal_mode"), await Pragma("synchronous"), await Pragma("foreign_keys"), await Pragma("busy_timeout")));
    }
}
