using Microsoft.EntityFrameworkCore;
using TimeBank.Ledger.Model;
using TimeBank.Ledger.Tests.Infrastructure;
using TimeBank.Ledger.Writes;

namespace TimeBank.Ledger.Tests.Writes;

/// <summary>The caller's own changes commit with the ledger entry they cause, or not at all.</summary>
public sealed class AlongsideTests : IAsyncLifetime
{
    private LedgerDatabase _db = null!;
    private long _alice, _bob;

    public async Task InitializeAsync()
    {
        _db = await LedgerDatabase.CreateAsync();
        _alice = await _db.OpenAccountAsync("alice", floorMinutes: -120);
        _bob = await _db.OpenAccountAsync("bob");
    }

    public async Task DisposeAsync() => await _db.DisposeAsync();

    private static Func<TestLedgerContext, LedgerResult, CancellationToken, Task> AddNote(string text) =>
        (context, result, _) =>
        {
            context.Notes.Add(new Note { Text = text, EntrySequence = result.EntrySequence });
            return Task.CompletedTask;
        };

    private async Task<List<Note>> NotesAsync()
    {
        await using var context = _db.CreateContext();
        return await context.Notes.OrderBy(n => n.Id).ToListAsync();
    }

    [Fact]
    public async Task CommitsTheCallersChangesWithTheEntry()
    {
        var result = await _db.Writer.SubmitAsync(_db.Transfer(_alice, _bob, 30), AddNote("settled"));

        var note = Assert.Single(await NotesAsync());
        Assert.Equal(("settled", result.EntrySequence), (note.Text, note.EntrySequence));
        await _db.AssertBalancesAsync((_alice, -30), (_bob, 30));
    }

    [Fact]
    public async Task SkipsTheCallbackWhenTheLedgerRejects()
    {
        var result = await _db.Writer.SubmitAsync(_db.Transfer(_alice, _bob, 121), AddNote("never"));

        Assert.Equal(LedgerStatus.ExceedsFloor, result.Status);
        Assert.Empty(await NotesAsync());
        await _db.AssertBalancesAsync((_alice, 0), (_bob, 0));
    }

    [Fact]
    public async Task SkipsTheCallbackOnAReplay()
    {
        await _db.Writer.SubmitAsync(_db.Transfer(_alice, _bob, 30, "pay"), AddNote("first"));

        var replay = await _db.Writer.SubmitAsync(_db.Transfer(_alice, _bob, 30, "pay"), AddNote("second"));

        Assert.True(replay.IsReplay);
        Assert.Equal(["first"], (await NotesAsync()).Select(n => n.Text));
        await _db.AssertBalancesAsync((_alice, -30), (_bob, 30));
    }

    [Fact]
    public async Task AThrowingCallbackUndoesItsEntryAndSparesTheRestOfTheBatch()
    {
        var gate = new TaskCompletionSource();
        // The first item holds the writer until the other three are queued, so all three share one batch.
        var blocker = _db.Writer.SubmitAsync(_db.Transfer(_alice, _bob, 1), async (_, _, _) => await gate.Task);
        var before = _db.Writer.SubmitAsync(_db.Transfer(_alice, _bob, 10), AddNote("before"));
        var failing = _db.Writer.SubmitAsync(_db.Transfer(_alice, _bob, 20), (context, _, _) =>
        {
            context.Notes.Add(new Note { Text = "doomed" });
            throw new InvalidOperationException("the exchange moved on");
        });
        var after = _db.Writer.SubmitAsync(_db.Transfer(_alice, _bob, 40), AddNote("after"));
        gate.SetResult();

        await blocker;
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => failing);
        Assert.Equal("the exchange moved on", error.Message);
        Assert.Equal(LedgerStatus.Ok, (await before).Status);
        Assert.Equal(LedgerStatus.Ok, (await after).Status);
        Assert.Equal(["before", "after"], (await NotesAsync()).Select(n => n.Text));
        await _db.AssertBalancesAsync((_alice, -51), (_bob, 51));
        await using var context = _db.CreateContext();
        Assert.Equal([1L, 2L, 3L], await context.Set<LedgerEntry>().OrderBy(e => e.Sequence).Select(e => e.Sequence).ToListAsync());
    }
}
