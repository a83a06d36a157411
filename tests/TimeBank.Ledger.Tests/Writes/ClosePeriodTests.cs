using Microsoft.Data.Sqlite;
using TimeBank.Ledger.Model;
using TimeBank.Ledger.Reads;
using TimeBank.Ledger.Tests.Infrastructure;
using TimeBank.Ledger.Writes;

namespace TimeBank.Ledger.Tests.Writes;

public sealed class ClosePeriodTests : IAsyncLifetime
{
    private LedgerDatabase _db = null!;
    private long _issuance, _alice, _bob;
    private DateTimeOffset _start;

    public async Task InitializeAsync()
    {
        _db = await LedgerDatabase.CreateAsync();
        _start = _db.Clock.GetUtcNow();
        _issuance = await _db.OpenAccountAsync("issuance", null, null, AccountKind.Issuance);
        _alice = await _db.OpenAccountAsync("alice");
        await _db.FundAsync(_issuance, _alice, 100);
        _db.Clock.Advance(TimeSpan.FromHours(1));
        _bob = await _db.OpenAccountAsync("bob");
        await _db.SubmitAsync(_db.Transfer(_alice, _bob, 30));
        _db.Clock.Advance(TimeSpan.FromHours(1));
        await _db.SubmitAsync(_db.Transfer(_bob, _alice, 5));
        _db.Clock.Advance(TimeSpan.FromHours(1));
    }

    public async Task DisposeAsync() => await _db.DisposeAsync();

    private static ClosePeriod Close(DateTimeOffset endsAt, string key = "close", string group = LedgerDatabase.Group) =>
        new(group, endsAt) { IdempotencyKey = key, ActorId = "coordinator" };

    [Fact]
    public async Task StoresEveryAccountsBalanceAtTheEndAndTheChainHead()
    {
        var endsAt = _start.AddMinutes(90);
        var head = (await _db.VerifyGroupAsync()).Head!;

        var result = await _db.SubmitAsync(Close(endsAt));

        Assert.Equal(LedgerStatus.Ok, result.Status);
        await using var context = _db.CreateContext();
        var close = Assert.Single(await context.ListPeriodClosesAsync(LedgerDatabase.Group));
        Assert.Equal((result.PeriodCloseId, endsAt, 2L, head.Hash), (close.Id, close.EndsAt, close.LastSequence, close.ChainHeadHash));
        // Every account opened by then, with the balance the postings give at that time.
        Assert.Equal([(_issuance, -100L), (_alice, 70L), (_bob, 30L)], close.Balances.Select(b => (b.AccountId, b.BalanceMinutes)));
        foreach (var balance in close.Balances)
        {
            Assert.Equal(await context.GetBalanceAtAsync(balance.AccountId, endsAt), balance.BalanceMinutes);
        }
        var link = await context.FindChainLinkAsync(ChainLink.Close, close.Id);
        Assert.Equal((head.Position + 1, head.Hash), (link!.Position, link.PreviousHash));
        Assert.Empty((await _db.ReconcileGroupAsync()).Discrepancies);
    }

    [Fact]
    public async Task LeavesOutAccountsOpenedAfterTheEnd()
    {
        var result = await _db.SubmitAsync(Close(_start.AddMinutes(30)));

        await using var context = _db.CreateContext();
        var close = Assert.Single(await context.ListPeriodClosesAsync(LedgerDatabase.Group));
        Assert.Equal(result.PeriodCloseId, close.Id);
        Assert.Equal([(_issuance, -100L), (_alice, 100L)], close.Balances.Select(b => (b.AccountId, b.BalanceMinutes)));
        Assert.Equal(1, close.LastSequence);
        Assert.Empty((await _db.ReconcileGroupAsync()).Discrepancies);
    }

    [Fact]
    public async Task IsIdempotentAndARepeatWithOtherContentConflicts()
    {
        var first = await _db.SubmitAsync(Close(_start.AddMinutes(90)));
        var replay = await _db.SubmitAsync(Close(_start.AddMinutes(90)));
        var other = await _db.SubmitAsync(Close(_start.AddMinutes(100)));

        Assert.Equal((LedgerStatus.Ok, true, first.PeriodCloseId), (replay.Status, replay.IsReplay, replay.PeriodCloseId));
        Assert.Equal(LedgerStatus.IdempotencyConflict, other.Status);
        await using var context = _db.CreateContext();
        Assert.Single(await context.ListPeriodClosesAsync(LedgerDatabase.Group));
    }

    [Fact]
    public async Task RefusesAnEndInTheFutureOrNotAfterTheLastClose()
    {
        var future = await _db.SubmitAsync(Close(_db.Clock.GetUtcNow().AddMilliseconds(1), "future"));
        await _db.SubmitAsync(Close(_start.AddMinutes(90), "first"));
        var same = await _db.SubmitAsync(Close(_start.AddMinutes(90), "same"));
        var earlier = await _db.SubmitAsync(Close(_start.AddMinutes(10), "earlier"));
        var later = await _db.SubmitAsync(Close(_db.Clock.GetUtcNow(), "later"));

        Assert.Equal([LedgerStatus.InvalidPeriod, LedgerStatus.InvalidPeriod, LedgerStatus.InvalidPeriod, LedgerStatus.Ok],
            [future.Status, same.Status, earlier.Status, later.Status]);
        Assert.Equal(LedgerStatus.InvalidCommand, (await _db.SubmitAsync(Close(_start, "blank", " "))).Status);
        Assert.Empty((await _db.ReconcileGroupAsync()).Discrepancies);
    }

    [Fact]
    public async Task RefusesEntriesDatedInsideAClosedPeriod()
    {
        var endsAt = _start.AddMinutes(90);
        await _db.SubmitAsync(Close(endsAt));

        var backDated = await _db.SubmitAsync(_db.Transfer(_alice, _bob, 1) with { EffectiveAt = endsAt });
        var reversal = await _db.SubmitAsync(new ReverseEntry(2) { IdempotencyKey = "reverse", ActorId = "coordinator", EffectiveAt = _start });
        var justAfter = await _db.SubmitAsync(_db.Transfer(_alice, _bob, 1) with { EffectiveAt = endsAt.AddMilliseconds(1) });
        var now = await _db.SubmitAsync(new ReverseEntry(2) { IdempotencyKey = "reverse-now", ActorId = "coordinator" });

        Assert.Equal([LedgerStatus.PeriodClosed, LedgerStatus.PeriodClosed, LedgerStatus.Ok, LedgerStatus.Ok],
            [backDated.Status, reversal.Status, justAfter.Status, now.Status]);
        Assert.Empty((await _db.ReconcileGroupAsync()).Discrepancies);
    }

    [Fact]
    public async Task AnotherGroupsCloseDoesNotRefuseThisGroupsEntries()
    {
        await _db.SubmitAsync(Close(_db.Clock.GetUtcNow(), group: "community-2"));

        var result = await _db.SubmitAsync(_db.Transfer(_alice, _bob, 1) with { EffectiveAt = _start });

        Assert.Equal(LedgerStatus.Ok, result.Status);
    }

    [Fact]
    public async Task AnEntryRecordedInTheSameMillisecondAsTheEndIsRecordedAfterIt()
    {
        var now = _db.Clock.GetUtcNow();
        await _db.SubmitAsync(Close(now));

        var result = await _db.SubmitAsync(_db.Transfer(_alice, _bob, 1));

        Assert.Equal((LedgerStatus.Ok, now.AddMilliseconds(1)), (result.Status, result.RecordedAt));
        Assert.Empty((await _db.ReconcileGroupAsync()).Discrepancies);
    }

    [Fact]
    public async Task AnAccountOpenedInTheSameMillisecondAsTheEndIsOpenedAfterIt()
    {
        var now = _db.Clock.GetUtcNow();
        await _db.SubmitAsync(Close(now));

        var carol = await _db.OpenAccountAsync("carol");

        await using var context = _db.CreateContext();
        var account = await context.Set<LedgerAccount>().FindAsync(carol);
        Assert.Equal(now.AddMilliseconds(1), account!.OpenedAt);
        var link = await context.FindChainLinkAsync(ChainLink.Account, carol);
        Assert.Equal(now.AddMilliseconds(1), link!.RecordedAt);
        Assert.Empty((await _db.ReconcileGroupAsync()).Discrepancies);
        Assert.True((await _db.VerifyGroupAsync()).IsValid);
    }

    [Theory]
    [InlineData("""UPDATE "LedgerPeriodCloses" SET "LastSequence" = 0""")]
    [InlineData("""DELETE FROM "LedgerPeriodCloses" """)]
    [InlineData("""UPDATE "LedgerPeriodBalances" SET "BalanceMinutes" = 0""")]
    [InlineData("""DELETE FROM "LedgerPeriodBalances" """)]
    [InlineData("""UPDATE "LedgerChainLinks" SET "Hash" = 'x'""")]
    [InlineData("""DELETE FROM "LedgerChainLinks" """)]
    public async Task TheDatabaseRefusesToChangeACloseOrALink(string sql)
    {
        await _db.SubmitAsync(Close(_start.AddMinutes(90)));

        var error = await Assert.ThrowsAsync<SqliteException>(() => _db.ExecuteSqlAsync(sql));

        Assert.Contains("immutable", error.Message, StringComparison.Ordinal);
        Assert.Empty((await _db.ReconcileGroupAsync()).Discrepancies);
    }
}
