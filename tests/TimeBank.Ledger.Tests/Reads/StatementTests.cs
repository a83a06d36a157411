using Microsoft.EntityFrameworkCore;
using TimeBank.Ledger.Model;
using TimeBank.Ledger.Reads;
using TimeBank.Ledger.Tests.Infrastructure;
using TimeBank.Ledger.Writes;

namespace TimeBank.Ledger.Tests.Reads;

public sealed class StatementTests : IAsyncLifetime
{
    private LedgerDatabase _db = null!;
    private long _alice, _bob, _carol;

    public async Task InitializeAsync()
    {
        _db = await LedgerDatabase.CreateAsync();
        _alice = await _db.OpenAccountAsync("alice");
        _bob = await _db.OpenAccountAsync("bob");
        _carol = await _db.OpenAccountAsync("carol");
    }

    public async Task DisposeAsync() => await _db.DisposeAsync();

    [Fact]
    public async Task PagesNewestFirstWithTheRunningBalance()
    {
        for (var i = 1; i <= 5; i++)
        {
            await _db.SubmitAsync(_db.Transfer(_alice, _bob, i * 10));
            await _db.SubmitAsync(_db.Transfer(_bob, _carol, 1));
        }

        await using var context = _db.CreateContext();
        var first = await context.GetStatementAsync(_alice, pageSize: 2);
        var second = await context.GetStatementAsync(_alice, pageSize: 2, beforeSequence: first.NextBeforeSequence);
        var last = await context.GetStatementAsync(_alice, pageSize: 2, beforeSequence: second.NextBeforeSequence);

        Assert.Equal([(9L, 50L, -150L), (7L, 40L, -100L)], first.Lines.Select(l => (l.EntrySequence, l.AmountMinutes, l.BalanceAfterMinutes)));
        Assert.Equal([(5L, 30L, -60L), (3L, 20L, -30L)], second.Lines.Select(l => (l.EntrySequence, l.AmountMinutes, l.BalanceAfterMinutes)));
        Assert.Equal([(1L, 10L, -10L)], last.Lines.Select(l => (l.EntrySequence, l.AmountMinutes, l.BalanceAfterMinutes)));
        Assert.All(first.Lines.Concat(second.Lines).Concat(last.Lines), l => Assert.Equal(PostingSide.Debit, l.Side));
        Assert.Null(last.NextBeforeSequence);
        await _db.AssertBalancesAsync((_alice, -150), (_bob, 145), (_carol, 5));
    }

    [Fact]
    public async Task PagesGiveEveryLineOnceInOrderWhenEntriesShareATimestamp()
    {
        // The fake clock stands still: every entry is recorded in the same millisecond.
        for (var i = 1; i <= 11; i++)
        {
            await _db.SubmitAsync(i % 3 == 0 ? _db.Transfer(_bob, _alice, i) : _db.Transfer(_alice, _bob, i));
            await _db.SubmitAsync(_db.Transfer(_bob, _carol, 1));
        }
        await using var context = _db.CreateContext();
        var all = await context.StatementLines(_alice).ToListAsync();

        var paged = new List<StatementLine>();
        long? before = null;
        do
        {
            var page = await context.GetStatementAsync(_alice, pageSize: 3, beforeSequence: before);
            paged.AddRange(page.Lines);
            before = page.NextBeforeSequence;
        }
        while (before is not null);

        Assert.Single(all.Select(l => l.RecordedAt).Distinct());
        Assert.Equal(11, all.Count);
        Assert.Equal(all.OrderByDescending(l => l.EntrySequence), paged);
    }

    [Fact]
    public async Task ALineCarriesItsEntrysCauseAndTheEntryAReversalUndoes()
    {
        var transfer = await _db.SubmitAsync(_db.Transfer(_alice, _bob, 30) with { Cause = new LedgerCause("exchange", "7"), Memo = "garden" });
        await _db.SubmitAsync(new ReverseEntry(transfer.EntrySequence!.Value) { IdempotencyKey = _db.NextKey("reverse"), ActorId = "admin" });

        await using var context = _db.CreateContext();
        var page = await context.GetStatementAsync(_alice);

        Assert.Equal(
            [(EntryKind.Reversal, PostingSide.Credit, 30L, 0L, (long?)transfer.EntrySequence, (string?)null, (string?)null, (string?)null),
             (EntryKind.Exchange, PostingSide.Debit, 30L, -30L, null, "exchange", "7", "garden")],
            page.Lines.Select(l => (l.Kind, l.Side, l.AmountMinutes, l.BalanceAfterMinutes, l.ReversesSequence, l.CauseType, l.CauseId, l.Memo)));
    }

    [Fact]
    public async Task AWindowInTimeKeepsTheLinesRecordedWithinItBothBoundsIncluded()
    {
        var start = _db.Clock.GetUtcNow();
        for (var hour = 0; hour < 4; hour++)
        {
            await _db.SubmitAsync(_db.Transfer(_alice, _bob, (hour + 1) * 10));
            _db.Clock.Advance(TimeSpan.FromHours(1));
        }

        await using var context = _db.CreateContext();
        async Task<long[]> Amounts(DateTimeOffset? from, DateTimeOffset? to) =>
            [.. await context.StatementLines(_alice, from, to).OrderBy(l => l.EntrySequence).Select(l => l.AmountMinutes).ToListAsync()];

        Assert.Equal(new long[] { 20L, 30L }, await Amounts(start.AddHours(1), start.AddHours(2)));
        Assert.Equal(new long[] { 30L, 40L }, await Amounts(start.AddMinutes(90), null));
        Assert.Equal(new long[] { 10L }, await Amounts(null, start.AddMinutes(59)));
        Assert.Empty(await Amounts(start.AddHours(5), null));
        Assert.Empty(await Amounts(null, start.AddMinutes(-1)));
        // The last line up to a time carries the balance at that time.
        var last = await context.StatementLines(_alice, null, start.AddHours(2)).OrderByDescending(l => l.EntrySequence).FirstAsync();
        Assert.Equal(await context.GetBalanceAtAsync(_alice, start.AddHours(2)), last.BalanceAfterMinutes);
    }
}
