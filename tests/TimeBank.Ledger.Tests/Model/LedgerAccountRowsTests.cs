using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using TimeBank.Ledger.Model;
using TimeBank.Ledger.Tests.Infrastructure;
using TimeBank.Ledger.Writes;

namespace TimeBank.Ledger.Tests.Model;

/// <summary>
/// An account read with <see cref="LedgerAccount.Columns"/> and <see cref="LedgerAccount.Read"/> equals EF Core's read of
/// the same row in every property, so a column added to the mapping but not to the reader fails here.
/// </summary>
public sealed class LedgerAccountRowsTests : IAsyncLifetime
{
    private LedgerDatabase _db = null!;

    public async Task InitializeAsync() => _db = await LedgerDatabase.CreateAsync();

    public async Task DisposeAsync() => await _db.DisposeAsync();

    [Fact]
    public async Task ReadsEveryPropertyAsEFCoreDoes()
    {
        var issuance = await _db.OpenAccountAsync("issuance", null, null, AccountKind.Issuance);
        var alice = await _db.OpenAccountAsync("alice", -120, 600);
        var bob = await _db.OpenAccountAsync("bob", null, null);
        var closed = await _db.OpenAccountAsync("closed");
        await _db.FundAsync(issuance, alice, 300);
        await _db.SubmitAsync(_db.Transfer(alice, bob, 45));
        await _db.SubmitAsync(new PlaceHold(alice, bob, 15) { IdempotencyKey = "hold", ActorId = "m" });
        _db.Clock.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal(LedgerStatus.Ok, (await _db.SubmitAsync(new CloseAccount(closed) { IdempotencyKey = "close", ActorId = "admin" })).Status);

        await using var context = _db.CreateContext();
        var expected = await context.Set<LedgerAccount>().AsNoTracking().OrderBy(a => a.Id).ToListAsync();
        var read = new List<LedgerAccount?>();
        await using (var connection = new SqliteConnection(_db.ConnectionString))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = $"""SELECT 7, {LedgerAccount.Columns("a")} FROM "LedgerAccounts" a ORDER BY a."Id" """;
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                Assert.Equal(1 + LedgerAccount.ColumnCount, reader.FieldCount);
                read.Add(LedgerAccount.Read(reader, 1));
            }
        }

        Assert.Equal(4, expected.Count);
        Assert.Contains(expected, a => a.ClosedAt is not null);
        Assert.Contains(expected, a => a.DebitsPendingMinutes > 0);
        Assert.Equal(expected.Count, read.Count);
        foreach (var property in typeof(LedgerAccount).GetProperties())
        {
            Assert.Equal(expected.Select(a => property.GetValue(a)), read.Select(a => property.GetValue(a)));
        }
    }

    [Fact]
    public async Task ReadsNoAccountFromAnOuterJoinThatFoundNone()
    {
        await using var connection = new SqliteConnection(_db.ConnectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = $"""SELECT {LedgerAccount.Columns("a")} FROM (SELECT 1) LEFT JOIN "LedgerAccounts" a ON 0""";
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());

        Assert.Null(LedgerAccount.Read(reader, 0));
    }
}
