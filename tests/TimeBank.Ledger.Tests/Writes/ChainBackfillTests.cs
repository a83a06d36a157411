using Microsoft.EntityFrameworkCore;
using TimeBank.Ledger.Model;
using TimeBank.Ledger.Reads;
using TimeBank.Ledger.Tests.Infrastructure;
using TimeBank.Ledger.Writes;

namespace TimeBank.Ledger.Tests.Writes;

/// <summary>A database written before the community chain (entries, accounts and limit changes, no links) gets a chain that verifies.</summary>
public sealed class ChainBackfillTests : IAsyncLifetime
{
    private LedgerDatabase _db = null!;

    public async Task InitializeAsync()
    {
        _db = await LedgerDatabase.CreateAsync();
        var issuance = await _db.OpenAccountAsync("issuance", null, null, AccountKind.Issuance);
        var alice = await _db.OpenAccountAsync("alice");
        var bob = await _db.OpenAccountAsync("bob");
        var other = await _db.OpenAccountAsync("issuance", null, null, AccountKind.Issuance, group: "community-2");
        var carol = await _db.OpenAccountAsync("carol", group: "community-2");
        await _db.FundAsync(issuance, alice, 100);
        await _db.FundAsync(other, carol, 50);
        await _db.SubmitAsync(new SetAccountLimits(alice, -60, null) { IdempotencyKey = "limits", ActorId = "admin" });
        await _db.SubmitAsync(_db.Transfer(alice, bob, 30) with { Memo = "garden" });
        await _db.SubmitAsync(new PlaceHold(bob, alice, 5) { IdempotencyKey = "hold", ActorId = "m" });
        var dave = await _db.OpenAccountAsync("dave");
        await _db.SubmitAsync(new SetAccountLimits(dave, -10, 10) { IdempotencyKey = "limits-dave", ActorId = "admin" });
        await _db.Writer.DisposeAsync();
    }

    public async Task DisposeAsync() => await _db.DisposeAsync();

    [Fact]
    public async Task LinksEveryExistingRecordAndTheChainsVerify()
    {
        await using var context = _db.CreateContext();
        var before = await context.ChainLinks().OrderBy(l => l.LedgerGroup).ThenBy(l => l.Position).ToListAsync();
        await _db.DropTriggersAsync();
        await _db.ExecuteSqlAsync("""DELETE FROM "LedgerChainLinks" """);
        await _db.ExecuteSqlAsync(LedgerSql.AllSqliteTriggers);

        var written = await LedgerChainBackfill.AppendMissingLinksAsync(context);
        var again = await LedgerChainBackfill.AppendMissingLinksAsync(context);

        Assert.Equal((before.Count, 0L), (written, again));
        foreach (var group in new[] { LedgerDatabase.Group, "community-2" })
        {
            var reconciliation = await context.ReconcileLedgerGroupAsync(group);
            Assert.True(reconciliation.Discrepancies.Count == 0, string.Join("\n", reconciliation.Discrepancies));
            Assert.True((await context.VerifyLedgerGroupChainAsync(group)).IsValid);
        }
        // The same records, each once, entries and limit changes in the order they were written.
        var after = await context.ChainLinks().OrderBy(l => l.LedgerGroup).ThenBy(l => l.Position).ToListAsync();
        Assert.Equal(before.Select(l => (l.LedgerGroup, l.RecordType, l.RecordId)).Order(), after.Select(l => (l.LedgerGroup, l.RecordType, l.RecordId)).Order());
        Assert.Equal(before.Where(l => l.RecordType != ChainLink.Account).Select(l => (l.LedgerGroup, l.RecordType, l.RecordId)),
            after.Where(l => l.RecordType != ChainLink.Account).Select(l => (l.LedgerGroup, l.RecordType, l.RecordId)));
    }
}
