using Microsoft.EntityFrameworkCore;
using TimeBank.Ledger.Model;
using TimeBank.Ledger.Reads;
using TimeBank.Ledger.Tests.Infrastructure;
using TimeBank.Ledger.Writes;

namespace TimeBank.Ledger.Tests.Reads;

/// <summary>The journal of a group: filters, keyset pages both ways, postings per page, reversal links.</summary>
public sealed class JournalQueryTests : IAsyncLifetime
{
    private LedgerDatabase _db = null!;
    private long _issuance, _alice, _bob, _elsewhere, _there;

    public async Task InitializeAsync()
    {
        _db = await LedgerDatabase.CreateAsync();
        _issuance = await _db.OpenAccountAsync("issuance", null, null, AccountKind.Issuance);
        _alice = await _db.OpenAccountAsync("alice");
        _bob = await _db.OpenAccountAsync("bob");
        _elsewhere = await _db.OpenAccountAsync("issuance", null, null, AccountKind.Issuance, group: "community-2");
        _there = await _db.OpenAccountAsync("there", group: "community-2");
        await _db.FundAsync(_issuance, _alice, 60);          // 1
        await _db.FundAsync(_elsewhere, _there, 60);         // 2, another group
        _db.Clock.Advance(TimeSpan.FromHours(1));
        await _db.SubmitAsync(_db.Transfer(_alice, _bob, 10)); // 3
        await _db.SubmitAsync(_db.Transfer(_alice, _bob, 20)); // 4
        _db.Clock.Advance(TimeSpan.FromHours(1));
        await _db.SubmitAsync(new ReverseEntry(3) { IdempotencyKey = _db.NextKey("reverse"), ActorId = "admin" }); // 5
    }

    public async Task DisposeAsync() => await _db.DisposeAsync();

    [Fact]
    public async Task PagesTheGroupsEntriesNewestOrOldestFirstWithTheirPostings()
    {
        await using var context = _db.CreateContext();
        var first = await context.GetJournalPageAsync(LedgerDatabase.Group, pageSize: 2);
        var second = await context.GetJournalPageAsync(LedgerDatabase.Group, pageSize: 2, afterSequence: first.NextAfterSequence);
        var oldest = await context.GetJournalPageAsync(LedgerDatabase.Group, pageSize: 10, newestFirst: false);

        Assert.Equal([5L, 4L], first.Entries.Select(e => e.Sequence));
        Assert.Equal([3L, 1L], second.Entries.Select(e => e.Sequence));
        Assert.Null(second.NextAfterSequence);
        Assert.Equal([1L, 3L, 4L, 5L], oldest.Entries.Select(e => e.Sequence));
        var reversal = first.Entries[0];
        Assert.Equal((EntryKind.Reversal, 3L), (reversal.Kind, reversal.ReversesSequence!.Value));
        Assert.Equal([(0, _alice, PostingSide.Credit, 10L, 40L), (1, _bob, PostingSide.Debit, 10L, 20L)],
            reversal.Postings.OrderBy(p => p.Index).Select(p => (p.Index, p.AccountId, p.Side, p.AmountMinutes, p.BalanceAfterMinutes)));
    }

    [Fact]
    public async Task FiltersByKindAccountSequenceAndRecordedTime()
    {
        var start = _db.Clock.GetUtcNow().AddHours(-2);
        await using var context = _db.CreateContext();

        async Task<long[]> Sequences(JournalFilter filter) =>
            [.. await context.JournalEntries(LedgerDatabase.Group, filter).OrderBy(e => e.Sequence).Select(e => e.Sequence).ToListAsync()];

        Assert.Equal(new long[] { 3L, 4L }, await Sequences(new JournalFilter { Kinds = [EntryKind.Exchange] }));
        Assert.Equal(new long[] { 1L, 5L }, await Sequences(new JournalFilter { Kinds = [EntryKind.Grant, EntryKind.Reversal] }));
        Assert.Equal(new long[] { 3L, 4L, 5L }, await Sequences(new JournalFilter { AccountId = _bob }));
        Assert.Equal(new long[] { 3L, 4L }, await Sequences(new JournalFilter { FromSequence = 2, ToSequence = 4 }));
        Assert.Equal(new long[] { 3L, 4L }, await Sequences(new JournalFilter { RecordedFrom = start.AddHours(1), RecordedTo = start.AddHours(1).AddMinutes(59) }));
        Assert.Equal(new long[] { 1L }, await Sequences(new JournalFilter { RecordedTo = start }));
        // Another group's account is not in this group's journal.
        Assert.Empty(await Sequences(new JournalFilter { AccountId = _there }));
        Assert.Equal(new long[] { 2L }, await context.JournalEntries("community-2").Select(e => e.Sequence).ToListAsync());
    }

    [Fact]
    public async Task LinksReversalsBothWaysAndFindsAnEntrysGroup()
    {
        await using var context = _db.CreateContext();

        Assert.Equal(new Dictionary<long, long> { [3] = 5 }, await context.FindReversalsAsync([1, 3, 4, 5]));
        Assert.Equal("community-2", await context.FindEntryGroupAsync(2));
        Assert.Equal(LedgerDatabase.Group, await context.FindEntryGroupAsync(5));
        Assert.Null(await context.FindEntryGroupAsync(99));
        Assert.Equal(4, await context.PostingsOf([3, 4]).CountAsync());
    }

    [Fact]
    public async Task ListsAGroupsAccountsByKind()
    {
        await using var context = _db.CreateContext();

        Assert.Equal(new long[] { _alice, _bob }, await context.LedgerAccounts(LedgerDatabase.Group, [AccountKind.Member]).OrderBy(a => a.Id).Select(a => a.Id).ToListAsync());
        Assert.Equal(new long[] { _issuance, _alice, _bob }, await context.LedgerAccounts(LedgerDatabase.Group).OrderBy(a => a.Id).Select(a => a.Id).ToListAsync());
        Assert.Equal(new long[] { _elsewhere }, await context.LedgerAccounts("community-2", [AccountKind.Issuance, AccountKind.Fund]).Select(a => a.Id).ToListAsync());
    }
}
