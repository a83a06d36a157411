using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using TimeBank.Api.Data;
using TimeBank.Api.Tests.Features.Exchanges;
using TimeBank.Ledger;
using TimeBank.Ledger.Writes;

namespace TimeBank.Api.Tests.Security;

/// <summary>
/// Someone with the SQLite file drops the ledger's triggers and edits it: an amount, a limit change, a period snapshot.
/// The community's auditor sees each edit through the API, in <c>reconcile</c> and <c>verifyChain</c>, at the exact
/// entry or record. Extend it with a row per kind of edit.
/// </summary>
public sealed class LedgerTamperEvidenceTests : IAsyncLifetime
{
    private readonly ExchangesFixture _bank = new();
    private string _group = "";

    private const string Reconcile = """
        query($communityId: ID!) { reconcile(communityId: $communityId) {
          clean discrepancies { kind entrySequence accountId recordType recordId } } }
        """;

    private const string VerifyChain = """
        query($communityId: ID!) { verifyChain(communityId: $communityId) { valid firstBrokenPosition recordType recordId } }
        """;

    public async Task InitializeAsync()
    {
        await _bank.InitializeAsync();
        _group = (string)Scalar("SELECT LedgerGroup FROM Communities WHERE Slug = 'riverside'")!;
        var writer = _bank.App.Services.GetRequiredService<LedgerWriter<TimeBankDbContext>>();
        var account = (long)Scalar($"SELECT Id FROM LedgerAccounts WHERE LedgerGroup = '{_group}' AND Kind = 'Member' ORDER BY Id LIMIT 1")!;
        Assert.True((await writer.SubmitAsync(new SetAccountLimits(account, -300, 3000) { IdempotencyKey = "tamper-limits", ActorId = "test" })).Succeeded);
        _bank.App.Clock.Advance(TimeSpan.FromMinutes(1));
        Assert.True((await writer.SubmitAsync(new ClosePeriod(_group, _bank.App.Clock.GetUtcNow()) { IdempotencyKey = "tamper-close", ActorId = "test" })).Succeeded);
    }

    public async Task DisposeAsync() => await _bank.DisposeAsync();

    public static TheoryData<string, string, string> Edits => new()
    {
        // what is edited, the SQL (with {group}), the record expected in verifyChain
        { "an amount", """UPDATE LedgerPostings SET AmountMinutes = AmountMinutes + 1 WHERE EntrySequence = (SELECT MIN(p.EntrySequence) FROM LedgerPostings p JOIN LedgerAccounts a ON a.Id = p.AccountId WHERE a.LedgerGroup = '{group}') AND Side = 'Credit'""", "entry" },
        { "a limit change", """UPDATE LedgerLimitChanges SET FloorMinutes = -100000 WHERE EffectiveFromSequence > 0""", "limits" },
        { "a snapshot", """UPDATE LedgerPeriodBalances SET BalanceMinutes = BalanceMinutes + 60 WHERE AccountId = (SELECT MIN(AccountId) FROM LedgerPeriodBalances)""", "close" },
    };

    [Theory]
    [MemberData(nameof(Edits))]
    public async Task TheAuditorSeesTheEditAtItsRecord(string what, string sql, string recordType)
    {
        Assert.True((bool)(await QueryAsync(Reconcile))["reconcile"]!["clean"]!, what);
        var expectedId = Expected(recordType);

        Execute(LedgerSql.DropSqliteTriggers + LedgerSql.DropSqliteChainTriggers);
        Execute(sql.Replace("{group}", _group, StringComparison.Ordinal));

        var reconciliation = (await QueryAsync(Reconcile))["reconcile"]!;
        var verification = (await QueryAsync(VerifyChain))["verifyChain"]!;
        Assert.False((bool)reconciliation["clean"]!, what);
        Assert.Contains(reconciliation["discrepancies"]!.AsArray(), d => (string?)d!["recordType"] == recordType && (long?)d["recordId"] == expectedId);
        if (recordType != "close")
        {
            // A snapshot's balances are not in the chain (their digest is), so only reconciliation proves them.
            Assert.Equal((false, recordType, expectedId), ((bool)verification["valid"]!, (string?)verification["recordType"], (long?)verification["recordId"]));
        }
    }

    private long Expected(string recordType) => recordType switch
    {
        "entry" => (long)Scalar($"SELECT MIN(p.EntrySequence) FROM LedgerPostings p JOIN LedgerAccounts a ON a.Id = p.AccountId WHERE a.LedgerGroup = '{_group}'")!,
        "limits" => (long)Scalar("SELECT Id FROM LedgerLimitChanges WHERE EffectiveFromSequence > 0")!,
        _ => (long)Scalar("SELECT Id FROM LedgerPeriodCloses")!,
    };

    private async Task<System.Text.Json.Nodes.JsonNode> QueryAsync(string query)
    {
        var response = await _bank.App.GraphQLAsync(query, new { communityId = _bank.Riverside.Id }, _bank.Token("audrey"));
        return response["data"] ?? throw new InvalidOperationException(response.ToJsonString());
    }

    private object? Scalar(string sql)
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }

    private void Execute(string sql)
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private SqliteConnection Open()
    {
        var connection = new SqliteConnection($"Data Source={Path.Combine(_bank.App.DataDirectory, "timebank.db")};Pooling=False");
        connection.Open();
        return connection;
    }
}
