using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using TimeBank.Ledger.Model;
using TimeBank.Ledger.Reads;
using TimeBank.Ledger.Tests.Infrastructure;
using TimeBank.Ledger.Writes;

namespace TimeBank.Ledger.Tests.Reads;

/// <summary>Each ledger group (community) has its own chain, with a link for every record that decides balances.</summary>
public sealed class GroupChainTests : IAsyncLifetime
{
    private const string Other = "community-2";
    private LedgerDatabase _db = null!;
    private long _alice, _bob, _otherAlice, _otherBob;

    public async Task InitializeAsync()
    {
        _db = await LedgerDatabase.CreateAsync();
        _alice = await _db.OpenAccountAsync("alice");
        _otherAlice = await _db.OpenAccountAsync("alice", group: Other);
        _bob = await _db.OpenAccountAsync("bob");
        _otherBob = await _db.OpenAccountAsync("bob", group: Other);
        await _db.SubmitAsync(_db.Transfer(_alice, _bob, 30));
        await _db.SubmitAsync(_db.Transfer(_otherAlice, _otherBob, 40));
        await _db.SubmitAsync(new SetAccountLimits(_alice, -60, 600) { IdempotencyKey = "limits", ActorId = "admin" });
        await _db.SubmitAsync(_db.Transfer(_alice, _bob, 10));
        _db.Clock.Advance(TimeSpan.FromMinutes(1));
        await _db.SubmitAsync(new ClosePeriod(LedgerDatabase.Group, _db.Clock.GetUtcNow()) { IdempotencyKey = "close", ActorId = "coordinator" });
    }

    public async Task DisposeAsync() => await _db.DisposeAsync();

    [Fact]
    public async Task WritesALinkForEveryRecordInTheOrderWritten()
    {
        await using var context = _db.CreateContext();

        var links = await context.ChainLinks().Where(l => l.LedgerGroup == LedgerDatabase.Group).OrderBy(l => l.Position)
            .Select(l => new { l.Position, l.RecordType, l.RecordId }).ToListAsync();

        Assert.Equal(
            [(1L, "account", _alice), (2L, "account", _bob), (3L, "entry", 1L), (4L, "limits", 1L), (5L, "limits", 2L), (6L, "entry", 3L), (7L, "close", 1L)],
            links.Select(l => (l.Position, l.RecordType, l.RecordId)));
        Assert.Equal(
            [(1L, "account", _otherAlice), (2L, "account", _otherBob), (3L, "entry", 2L)],
            (await context.ChainLinks().Where(l => l.LedgerGroup == Other).OrderBy(l => l.Position).ToListAsync())
                .Select(l => (l.Position, l.RecordType, l.RecordId)));
    }

    [Fact]
    public async Task EachGroupsChainIsIndependent()
    {
        await _db.DropTriggersAsync();
        await _db.ExecuteSqlAsync("""UPDATE "LedgerPostings" SET "BalanceAfterMinutes" = 41 WHERE "EntrySequence" = 2 AND "Side" = 'Credit'""");

        var tampered = await _db.VerifyGroupAsync(Other);
        var untouched = await _db.VerifyGroupAsync();

        Assert.Equal((false, 3L), (tampered.IsValid, tampered.FirstBrokenPosition!.Value));
        Assert.True(untouched.IsValid, untouched.Reason);
        Assert.Empty((await _db.ReconcileGroupAsync()).Discrepancies);
        Assert.NotEmpty((await _db.ReconcileGroupAsync(Other)).Discrepancies);
        // Each chain starts from the zero hash.
        await using var context = _db.CreateContext();
        Assert.All(await context.ChainLinks().Where(l => l.Position == 1).ToListAsync(), l => Assert.Equal(new string('0', 64), l.PreviousHash));
    }

    [Fact]
    public async Task AnAccountLinkHashesItsDocumentedCanonicalText()
    {
        await using var context = _db.CreateContext();
        var link = (await context.FindChainLinkAsync(ChainLink.Account, _bob))!;
        var bob = (await context.FindLedgerAccountAsync(_bob))!;
        // Written out by hand from docs/ledger.md, not with the ledger's own code.
        var text = $"ledger-account=2:v1\nid={_bob}\ngroup=11:community-1\ncode=3:bob\nkind=6:Member\nfloor=-600\nceiling=6000\nrecorded={bob.OpenedAt.ToUnixTimeMilliseconds()}\n";

        var expected = Convert.ToHexStringLower(SHA256.HashData([.. Convert.FromHexString(link.PreviousHash), .. Encoding.UTF8.GetBytes(text)]));

        Assert.Equal(expected, link.Hash);
    }

    [Fact]
    public async Task AnEntryLinkCoversTheBytesOfTheEntrysOwnHash()
    {
        await using var context = _db.CreateContext();
        var entry = await context.Set<LedgerEntry>().AsNoTracking().Include(e => e.Postings).SingleAsync(e => e.Sequence == 3);
        var link = (await context.FindChainLinkAsync(ChainLink.Entry, 3))!;
        var previousEntryHash = (await context.Set<LedgerEntry>().AsNoTracking().SingleAsync(e => e.Sequence == 2)).Hash;
        var text = string.Concat(
            "ledger-entry=2:v2\nsequence=3\nkind=8:Exchange\nmemoDigest=~\n",
            $"effective={entry.EffectiveAt.ToUnixTimeMilliseconds()}\nrecorded={entry.RecordedAt.ToUnixTimeMilliseconds()}\n",
            $"actor=8:member-1\nprincipal=8:member-1\npolicy=~\nkey={entry.IdempotencyKey.Length}:{entry.IdempotencyKey}\n",
            "causeType=~\ncauseId=~\nreverses=~\nhold=~\n",
            $"posting=0\naccount={_alice}\nside=5:Debit\namount=10\nbalanceAfter=-40\n",
            $"posting=1\naccount={_bob}\nside=6:Credit\namount=10\nbalanceAfter=40\n");

        string Hash(string previous) => Convert.ToHexStringLower(SHA256.HashData([.. Convert.FromHexString(previous), .. Encoding.UTF8.GetBytes(text)]));

        Assert.Equal((Hash(link.PreviousHash), Hash(previousEntryHash)), (link.Hash, entry.Hash));
    }
}
