using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using TimeBank.Api.Data;
using TimeBank.Ledger;

namespace TimeBank.Api.Tests.Infrastructure;

/// <summary>A migrated SQLite file of its own, for tests of use cases below the GraphQL layer.</summary>
public sealed class TestDatabase : IDbContextFactory<TimeBankDbContext>, IDisposable
{
    private readonly string _folder = TempFolder.Create();
    private readonly DbContextOptions<TimeBankDbContext> _options;

    public TestDatabase()
    {
        var connection = new SqliteConnectionStringBuilder { DataSource = Path.Combine(_folder, "timebank.db") }.ToString();
        _options = new DbContextOptionsBuilder<TimeBankDbContext>()
            .UseLedgerSqlite(connection)
            .Options;
        using var db = CreateContext();
        db.Database.Migrate();
    }

    public string Folder => _folder;

    public TimeBankDbContext CreateContext() => new(_options);

    TimeBankDbContext IDbContextFactory<TimeBankDbContext>.CreateDbContext() => CreateContext();

    public void Dispose() => TempFolder.Delete(_folder);
}
