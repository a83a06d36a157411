using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using TimeBank.Api.Data;
using TimeBank.Api.Tests.Infrastructure;

namespace TimeBank.Api.Tests.Data;

/// <summary>
/// The prepared reads' connections only read, see every commit made before a read began (they keep no snapshot between
/// reads), and keep their statements prepared.
/// </summary>
public sealed class PreparedReadsTests : IAsyncLifetime
{
    private readonly TimeBankApplication _app = new();

    public async Task InitializeAsync() => await _app.RegisterAsync("reader@test.local");

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public void AReadConnectionRefusesToWriteAndTheDatabaseIsUnchanged()
    {
        var reads = _app.Services.GetRequiredService<PreparedReads>();
        var before = DatabaseFingerprint.Of(_app);

        var refused = Assert.Throws<SqliteException>(() => reads.Read("""DELETE FROM "Users" WHERE "Id" > @p0""", reader => reader.RecordsAffected, 0L));

        Assert.Contains("readonly", refused.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(before, DatabaseFingerprint.Of(_app));
    }

    [Fact]
    public async Task EachReadSeesTheCommitsMadeBeforeItOnTheSameConnectionAgain()
    {
        var reads = _app.Services.GetRequiredService<PreparedReads>();
        const string Count = """SELECT COUNT(*) FROM "Users" WHERE "Id" > @p0""";
        long CountUsers() => reads.Read(Count, reader => reader.Read() ? reader.GetInt64(0) : -1, 0L);
        var first = CountUsers();

        for (var i = 0; i < 5; i++)
        {
            await _app.RegisterAsync($"later{i}@test.local");
            Assert.Equal(first + i + 1, CountUsers());
        }
    }
}
