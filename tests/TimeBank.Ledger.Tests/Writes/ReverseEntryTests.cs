using Microsoft.EntityFrameworkCore;
using TimeBank.Ledger.Model;
using TimeBank.Ledger.Tests.Infrastructure;
using TimeBank.Ledger.Writes;

namespace TimeBank.Ledger.Tests.Writes;

public sealed class ReverseEntryTests : IAsyncLifetime
{
    private LedgerDatabase _db = null!;
    private long _alice, _bob;

    public async Task InitializeAsync()
    {
        _db = await LedgerDatabase.CreateAsync();
        _alice = await _db.OpenAccountAsync("alice", floorMinutes: -120, ceilingMinutes: 600);
        _bob = await _db.OpenAccountAsync("bob", floorMinutes: -120, ceilingMinutes: 600);
    }

    public async Task DisposeAsync() => await _db.DisposeAsync();

    private ReverseEntry Reverse(long sequence, string? key = null) =>
        new(sequence) { IdempotencyKey = key ?? _db.NextKey("reverse"), ActorId = "coordinator-1", Memo = "entered twice" };

    [Fact]
    public async Task PostsTheMirrorImageLinkedToTheOriginal()
    {
        var original = await _db.SubmitAsync(_db.Transfer(_alice, _bob, 50));

        var reversal = await _db.SubmitAsync(Reverse(original.EntrySequence!.Value));

        Assert.Equal(LedgerStatus.Ok, reversal.Status);
        await using var context = _db.CreateContext();
        var entry = await context.Set<LedgerEntry>().Include(e => e.Postings).SingleAsync(e => e.Sequence == reversal.EntrySequence);
        Assert.Equal((EntryKind.Reversal, original.EntrySequence), (entry.Kind, entry.ReversesSequence));
        Assert.Equal(
            [(_alice, PostingSide.Credit, 50L), (_bob, PostingSide.Debit, 50L)],
            entry.Postings.OrderBy(p => p.Index).Select(p => (p.AccountId, p.Side, p.AmountMinutes)));
        await _db.AssertBalancesAsync((_alice, 0), (_bob, 0));
    }

    [Fact]
    public async Task ReversesAnEntryOnlyOnce()
    {
        var original = await _db.SubmitAsync(_db.Transfer(_alice, _bob, 50));
        await _db.SubmitAsync(Reverse(original.EntrySequence!.Value));

        var second = await _db.SubmitAsync(Reverse(original.EntrySequence!.Value));

        Assert.Equal(LedgerStatus.AlreadyReversed, second.Status);
        await _db.AssertBalancesAsync((_alice, 0), (_bob, 0));
    }

    [Fact]
    public async Task ReplayOfTheReversalReturnsTheSameEntry()
    {
        var original = await _db.SubmitAsync(_db.Transfer(_alice, _bob, 50));
        var first = await _db.SubmitAsync(Reverse(original.EntrySequence!.Value, "undo-1"));

        var replay = await _db.SubmitAsync(Reverse(original.EntrySequence!.Value, "undo-1"));

        Assert.True(replay.IsReplay);
        Assert.Equal(first.EntrySequence, replay.EntrySequence);
        await _db.AssertBalancesAsync((_alice, 0), (_bob, 0));
    }

    [Fact]
    public async Task RefusesAnUnknownEntry()
    {
        Assert.Equal(LedgerStatus.EntryNotFound, (await _db.SubmitAsync(Reverse(77))).Status);
        await _db.AssertBalancesAsync((_alice, 0), (_bob, 0));
    }

    [Fact]
    public async Task ObeysTheFloorOfTheAccountItDebits()
    {
        var carol = await _db.OpenAccountAsync("carol", floorMinutes: -120, ceilingMinutes: 600);
        var original = await _db.SubmitAsync(_db.Transfer(_alice, _bob, 100));
        await _db.SubmitAsync(_db.Transfer(_bob, carol, 100));
        await _db.SubmitAsync(_db.Transfer(_bob, carol, 100));

        var reversal = await _db.SubmitAsync(Reverse(original.EntrySequence!.Value));

        Assert.Equal(LedgerStatus.ExceedsFloor, reversal.Status);
        await _db.AssertBalancesAsync((_alice, -100), (_bob, -100), (carol, 200));
    }
}
