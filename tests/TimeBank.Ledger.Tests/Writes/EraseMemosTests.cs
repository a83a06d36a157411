using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using TimeBank.Ledger.Hashing;
using TimeBank.Ledger.Model;
using TimeBank.Ledger.Reads;
using TimeBank.Ledger.Tests.Infrastructure;
using TimeBank.Ledger.Writes;

namespace TimeBank.Ledger.Tests.Writes;

/// <summary>Memos are erased (by account, party or entry) while amounts, parties and hashes stay and the chain still verifies.</summary>
public sealed class EraseMemosTests : IAsyncLifetime
{
    private LedgerDatabase _db = null!;
    private long _alice;
    private long _bob;
    private long _carol;

    public async Task InitializeAsync()
    {
        _db = await LedgerDatabase.CreateAsync();
        var issuance = await _db.OpenAccountAsync("issuance", null, null, AccountKind.Issuance);
        _alice = await _db.OpenAccountAsync("alice");
        _bob = await _db.OpenAccountAsync("bob");
        _carol = await _db.OpenAccountAsync("carol");
        await _db.FundAsync(issuance, _alice, 300);
        await Submit(_db.Transfer(_alice, _bob, 30) with { Memo = "alice's garden, with her pills", PrincipalId = "member:alice" });
        await Submit(_db.Transfer(_bob, _carol, 20) with { Memo = "bob fixed carol's bike" });
        await Submit(_db.Transfer(_carol, _alice, 10) with { Memo = "carol's lift to the clinic" });
        await Submit(new PlaceHold(_alice, _carol, 15) { IdempotencyKey = "hold-1", ActorId = "member-1", Memo = "alice's next visit" });
    }

    public async Task DisposeAsync() => await _db.DisposeAsync();

    [Fact]
    public async Task ErasesEveryMemoOfAnAccountAndTheBooksStillVerify()
    {
        var before = await EntriesAsync();

        var result = await Submit(new EraseMemos { AccountIds = [_alice], IdempotencyKey = "erase-alice", ActorId = "admin" });

        Assert.Equal(2 + 1, result.AffectedCount); // two transfers with alice and the hold; her grant had no memo
        var after = await EntriesAsync();
        Assert.Equal(["bob fixed carol's bike"], after.Select(e => e.Memo).OfType<string>());
        Assert.All(after.Where(e => e.Memo is null), e => Assert.Null(e.MemoSalt));
        // Everything else of every entry is as it was: amounts, parties, digests, hashes.
        Assert.Equal(before.Select(e => (e.Sequence, e.ActorId, e.PrincipalId, e.MemoDigest, e.Hash)), after.Select(e => (e.Sequence, e.ActorId, e.PrincipalId, e.MemoDigest, e.Hash)));
        Assert.Null((await _db.HoldAsync(1)).Memo);
        await _db.AssertAccountsAsync((_alice, 280, 15, 0), (_bob, 10, 0, 0), (_carol, 10, 0, 15));
        await using var context = _db.CreateContext();
        Assert.True((await context.VerifyLedgerChainAsync()).IsValid);
    }

    [Fact]
    public async Task ErasesByPartyAndByEntry()
    {
        await Submit(new EraseMemos { PartyIds = ["member:alice"], EntrySequences = [3], IdempotencyKey = "erase-some", ActorId = "admin" });

        var memos = (await EntriesAsync()).Select(e => e.Memo).ToList();
        Assert.Equal([null, null, null, "carol's lift to the clinic"], memos);
        await _db.AssertReconciledAsync();
    }

    [Fact]
    public async Task TheRequestHashOfAnErasedWriteIsForgottenSoARetryIsAConflict()
    {
        await Submit(new EraseMemos { AccountIds = [_alice], IdempotencyKey = "erase-alice", ActorId = "admin" });

        var retry = await _db.SubmitAsync(new PlaceHold(_alice, _carol, 15) { IdempotencyKey = "hold-1", ActorId = "member-1", Memo = "alice's next visit" });

        Assert.Equal(LedgerStatus.IdempotencyConflict, retry.Status);
        await using var context = _db.CreateContext();
        var hashes = await context.Set<LedgerOperation>().Where(o => o.HoldId == 1).Select(o => o.RequestHash).ToListAsync();
        Assert.All(hashes, h => Assert.Equal("erased", h));
    }

    [Theory]
    [InlineData("""UPDATE "LedgerEntries" SET "Memo" = NULL WHERE "Sequence" = 2""")]
    [InlineData("""UPDATE "LedgerEntries" SET "Memo" = 'rewritten', "MemoSalt" = NULL WHERE "Sequence" = 2""")]
    [InlineData("""UPDATE "LedgerEntries" SET "Memo" = NULL, "MemoSalt" = NULL, "MemoDigest" = NULL WHERE "Sequence" = 2""")]
    [InlineData("""UPDATE "LedgerEntries" SET "Memo" = NULL, "MemoSalt" = NULL, "ActorId" = 'someone' WHERE "Sequence" = 2""")]
    [InlineData("""UPDATE "LedgerEntries" SET "Memo" = NULL, "MemoSalt" = NULL, "HashFormat" = 1 WHERE "Sequence" = 2""")]
    public async Task TheDatabaseRefusesEveryOtherUpdate(string sql)
    {
        var error = await Assert.ThrowsAsync<SqliteException>(() => _db.ExecuteSqlAsync(sql));

        Assert.Contains("immutable", error.Message, StringComparison.Ordinal);
        await _db.AssertReconciledAsync();
    }

    [Fact]
    public async Task TheDatabaseAllowsErasingAMemoWithItsSalt()
    {
        var changed = await _db.ExecuteSqlAsync("""UPDATE "LedgerEntries" SET "Memo" = NULL, "MemoSalt" = NULL WHERE "Sequence" = 2""");

        Assert.Equal(1, changed);
        await _db.AssertReconciledAsync();
    }

    [Theory]
    [InlineData("""UPDATE "LedgerEntries" SET "Memo" = 'alice''s garden' WHERE "Sequence" = 2""")]
    [InlineData("""UPDATE "LedgerEntries" SET "MemoSalt" = '00000000000000000000000000000000' WHERE "Sequence" = 2""")]
    [InlineData("""UPDATE "LedgerEntries" SET "MemoDigest" = NULL, "Memo" = NULL, "MemoSalt" = NULL WHERE "Sequence" = 2""")]
    public async Task AMemoThatNoLongerMatchesItsDigestBreaksTheChain(string sql)
    {
        await _db.ExecuteSqlAsync(LedgerSql.DropSqliteTriggers);
        await _db.ExecuteSqlAsync(sql);
        await using var context = _db.CreateContext();

        var verification = await context.VerifyLedgerChainAsync();

        Assert.Equal((false, 2L), (verification.IsValid, verification.FirstBrokenSequence));
    }

    [Fact]
    public async Task EntriesOfTheFirstFormatKeepTheirMemoAndStillVerifyBesideNewOnes()
    {
        await RewriteAsFormatOneAsync();

        var result = await Submit(new EraseMemos { AccountIds = [_alice, _bob, _carol], IdempotencyKey = "erase-all", ActorId = "admin" });
        await Submit(_db.Transfer(_bob, _alice, 5) with { Memo = "after the upgrade" });

        Assert.Equal(1, result.AffectedCount); // the hold only: every entry is of format 1
        var entries = await EntriesAsync();
        Assert.Equal([1, 1, 1, 1, 2], entries.Select(e => e.HashFormat));
        Assert.Equal("alice's garden, with her pills", entries[1].Memo);
        await _db.AssertReconciledAsync();
        var error = await Assert.ThrowsAsync<SqliteException>(() => _db.ExecuteSqlAsync("""UPDATE "LedgerEntries" SET "Memo" = NULL, "MemoSalt" = NULL WHERE "Sequence" = 2"""));
        Assert.Contains("immutable", error.Message, StringComparison.Ordinal);
    }

    /// <summary>Turns the journal into what a ledger written before hash format 2 holds: memos hashed as themselves.</summary>
    private async Task RewriteAsFormatOneAsync()
    {
        await _db.ExecuteSqlAsync(LedgerSql.DropSqliteTriggers);
        var previous = EntryHash.Genesis;
        await using var context = _db.CreateContext();
        foreach (var entry in await context.Set<LedgerEntry>().AsNoTracking().Include(e => e.Postings).OrderBy(e => e.Sequence).ToListAsync())
        {
            var record = new EntryRecord(entry.Sequence, entry.Kind, entry.Memo, entry.EffectiveAt.ToUnixTimeMilliseconds(), entry.RecordedAt.ToUnixTimeMilliseconds(),
                entry.ActorId, entry.PrincipalId, entry.PolicyVersion, entry.IdempotencyKey, entry.CauseType, entry.CauseId, entry.ReversesSequence, entry.HoldId, HashFormat: 1);
            previous = EntryHash.Compute(previous, record,
                [.. entry.Postings.OrderBy(p => p.Index).Select(p => new PostingRecord(p.Index, p.AccountId, p.Side, p.AmountMinutes, p.BalanceAfterMinutes))])!;
            await _db.ExecuteSqlAsync($"""
                UPDATE "LedgerEntries" SET "HashFormat" = 1, "MemoSalt" = NULL, "MemoDigest" = NULL, "Hash" = '{previous}' WHERE "Sequence" = {entry.Sequence}
                """);
        }
        await _db.ExecuteSqlAsync(LedgerSql.AllSqliteTriggers);
    }

    private async Task<List<LedgerEntry>> EntriesAsync()
    {
        await using var context = _db.CreateContext();
        return await context.Set<LedgerEntry>().AsNoTracking().OrderBy(e => e.Sequence).ToListAsync();
    }

    private async Task<LedgerResult> Submit(LedgerCommand command)
    {
        var result = await _db.SubmitAsync(command);
        Assert.Equal(LedgerStatus.Ok, result.Status);
        return result;
    }
}
