using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TimeBank.Api.Data;
using TimeBank.Api.Tests.Infrastructure;
using TimeBank.Ledger;

namespace TimeBank.Api.Tests.Hosting;

public sealed class SqlitePragmasTests(TimeBankApplication app) : IClassFixture<TimeBankApplication>
{
    [Theory]
    [InlineData("journal_mode", "wal")]
    [InlineData("synchronous", "2")] // FULL
    [InlineData("foreign_keys", "1")]
    [InlineData("busy_timeout", "5000")]
    [InlineData("cache_size", "-32768")]
    [InlineData("secure_delete", "1")]
    public async Task EveryConnectionGetsTheDurabilitySettings(string pragma, string expected)
    {
        _ = app.Server; // Starting the host migrates the database.
        var contexts = app.Services.GetRequiredService<IDbContextFactory<TimeBankDbContext>>();
        await using var db = await contexts.CreateDbContextAsync();
        await db.Database.OpenConnectionAsync();
        await using var command = db.Database.GetDbConnection().CreateCommand();
        command.CommandText = $"PRAGMA {pragma}";

        var value = Convert.ToString(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);

        Assert.Equal(expected, value);
    }

    [Fact]
    public async Task EveryConnectionRunsWithTheLedgersSettings()
    {
        _ = app.Server;
        var contexts = app.Services.GetRequiredService<IDbContextFactory<TimeBankDbContext>>();
        await using var db = await contexts.CreateDbContextAsync();
        await db.Database.OpenConnectionAsync();

        Assert.Equal(SqliteConnectionSettings.Settings, await SqliteConnectionSettings.ReadAsync(db.Database.GetDbConnection()));
    }
}
