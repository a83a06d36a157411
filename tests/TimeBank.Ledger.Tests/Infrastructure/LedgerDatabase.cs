using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using TimeBank.Ledger.Model;
using TimeBank.Ledger.Reads;
using TimeBank.Ledger.Writes;

namespace TimeBank.Ledger.Tests.Infrastructure;

/// <summary>
/// A fresh SQLite file per test with the ledger schema created the way the API will create it (the model on
/// a host DbContext, then the trigger SQL), a fake clock, and one writer.
/// </summary>
internal sealed class LedgerDatabase : IAsyncDisposable
{
    public const string Group = "community-1";

    private readonly Lazy<LedgerWriter<TestLedgerContext>> _writer;
    private int _keys;

    private LedgerDatabase(string folder, LedgerWriterOptions? writerOptions = null)
    {
        Folder = folder;
        FilePath = Path.Combine(folder, "ledger.db");
        ConnectionString = new SqliteConnectionStringBuilder { DataSource = FilePath, Pooling = true }.ToString();
        _writer = new Lazy<LedgerWriter<TestLedgerContext>>(() => new LedgerWriter<TestLedgerContext>(CreateContext, Clock, writerOptions));
    }

    public string Folder { get; }

    public string FilePath { get; }

    public string ConnectionString { get; }

    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 11, 25, 9, 0, 0, TimeSpan.Zero));

    public LedgerWriter<TestLedgerContext> Writer => _writer.Value;

    /// <param name="preferMemoryBackedFolder">
    /// Put the file on /dev/shm when there is one: still a real SQLite file with WAL and synchronous=FULL,
    /// but fsync costs nothing, so long workloads test logic rather than the disk.
    /// </param>
    /// <param name="writerOptions">The writer's options; its defaults (the API's) without.</param>
    public static async Task<LedgerDatabase> CreateAsync(bool preferMemoryBackedFolder = false, LedgerWriterOptions? writerOptions = null)
    {
        var root = preferMemoryBackedFolder && Directory.Exists("/dev/shm") ? "/dev/shm" : Path.GetTempPath();
        var folder = Path.Combine(root, "timebank-ledger-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        var database = new LedgerDatabase(folder, writerOptions);
        await using var context = database.CreateContext();
        await context.Database.EnsureCreatedAsync();
        await context.Database.ExecuteSqlRawAsync(LedgerSql.AllSqliteTriggers);
        return database;
    }

    /// <summary>Opens an existing file (after a crash, say) without creating anything.</summary>
    public static LedgerDatabase Open(string folder) => new(folder);

    public TestLedgerContext CreateContext() => new(new DbContextOptionsBuilder<TestLedgerContext>()
        .UseLedgerSqlite(ConnectionString)
        .Options);

    public string NextKey(string prefix = "key") => $"{prefix}-{Interlocked.Increment(ref _keys)}";

    public Task<LedgerResult> SubmitAsync(LedgerCommand command) => Writer.SubmitAsync(command);

    public async Task<long> OpenAccountAsync(string code, long? floorMinutes = -600, long? ceilingMinutes = 6000, AccountKind kind = AccountKind.Member, string group = Group)
    {
        var result = await SubmitAsync(new OpenAccount(group, code, kind, floorMinutes, ceilingMinutes) { IdempotencyKey = NextKey("open"), ActorId = "admin" });
        Assert.Equal(LedgerStatus.Ok, result.Status);
        return result.AccountId!.Value;
    }

    /// <summary>Moves minutes from an unbounded issuance account, so tests can start members with credit.</summary>
    public async Task FundAsync(long issuanceAccountId, long accountId, long minutes)
    {
        var result = await SubmitAsync(Ledger.Writes.Transfer.Between(issuanceAccountId, accountId, minutes, NextKey("fund"), "admin", EntryKind.Grant));
        Assert.Equal(LedgerStatus.Ok, result.Status);
    }

    public Transfer Transfer(long debitAccountId, long creditAccountId, long minutes, string? key = null) =>
        Ledger.Writes.Transfer.Between(debitAccountId, creditAccountId, minutes, key ?? NextKey("transfer"), "member-1");

    public async Task<LedgerAccount> AccountAsync(long accountId)
    {
        await using var context = CreateContext();
        return await context.FindLedgerAccountAsync(accountId) ?? throw new InvalidOperationException($"no account {accountId}");
    }

    public async Task<LedgerHold> HoldAsync(long holdId)
    {
        await using var context = CreateContext();
        return await context.Set<LedgerHold>().AsNoTracking().SingleAsync(h => h.Id == holdId);
    }

    /// <summary>Checks every named account's balance and pending totals, then that the books reconcile.</summary>
    public async Task AssertAccountsAsync(params (long AccountId, long BalanceMinutes, long DebitsPendingMinutes, long CreditsPendingMinutes)[] expected)
    {
        foreach (var (accountId, balance, debitsPending, creditsPending) in expected)
        {
            var account = await AccountAsync(accountId);
            Assert.Equal((accountId, balance, debitsPending, creditsPending),
                (account.Id, account.BalanceMinutes, account.DebitsPendingMinutes, account.CreditsPendingMinutes));
        }
        await AssertReconciledAsync();
    }

    /// <summary>Both legs: each account's posted balance, with no pending minutes.</summary>
    public Task AssertBalancesAsync(params (long AccountId, long BalanceMinutes)[] expected) =>
        AssertAccountsAsync([.. expected.Select(e => (e.AccountId, e.BalanceMinutes, 0L, 0L))]);

    public async Task AssertReconciledAsync()
    {
        await using var context = CreateContext();
        var discrepancies = await context.ReconcileLedgerAsync();
        Assert.True(discrepancies.Count == 0, string.Join("\n", discrepancies));
    }

    public async Task<LedgerGroupReconciliation> ReconcileGroupAsync(string group = Group)
    {
        await using var context = CreateContext();
        return await context.ReconcileLedgerGroupAsync(group);
    }

    public async Task<GroupChainVerification> VerifyGroupAsync(string group = Group, long? from = null, long? to = null)
    {
        await using var context = CreateContext();
        return await context.VerifyLedgerGroupChainAsync(group, from, to);
    }

    /// <summary>What an attacker with the file does first: drops every trigger that would refuse the edit.</summary>
    public Task<int> DropTriggersAsync() => ExecuteSqlAsync(LedgerSql.DropSqliteTriggers + LedgerSql.DropSqliteChainTriggers);

    public async Task<int> ExecuteSqlAsync(string sql)
    {
        await using var connection = new SqliteConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteNonQueryAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (_writer.IsValueCreated)
        {
            await _writer.Value.DisposeAsync();
        }
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless; never fail a test over clean-up.
        }
    }
}
