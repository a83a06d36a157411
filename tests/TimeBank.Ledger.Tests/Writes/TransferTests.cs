using Microsoft.EntityFrameworkCore;
using TimeBank.Ledger.Model;
using TimeBank.Ledger.Tests.Infrastructure;
using TimeBank.Ledger.Writes;

namespace TimeBank.Ledger.Tests.Writes;

public sealed class TransferTests : IAsyncLifetime
{
    private LedgerDatabase _db = null!;
    private long _issuance, _alice, _bob;

    public async Task InitializeAsync()
    {
        _db = await LedgerDatabase.CreateAsync();
        _issuance = await _db.OpenAccountAsync("issuance", floorMinutes: null, ceilingMinutes: null, kind: AccountKind.Issuance);
        _alice = await _db.OpenAccountAsync("alice", floorMinutes: -120, ceilingMinutes: 600);
        _bob = await _db.OpenAccountAsync("bob", floorMinutes: -120, ceilingMinutes: 600);
    }

    public async Task DisposeAsync() => await _db.DisposeAsync();

    [Fact]
    public async Task MovesMinutesFromDebitToCredit()
    {
        var result = await _db.SubmitAsync(_db.Transfer(_alice, _bob, 90));

        Assert.Equal(LedgerStatus.Ok, result.Status);
        Assert.False(result.IsReplay);
        Assert.Equal(1, result.EntrySequence);
        await _db.AssertBalancesAsync((_alice, -90), (_bob, 90));
    }

    [Fact]
    public async Task PostsAnEntryWithMoreThanTwoLegs()
    {
        var carol = await _db.OpenAccountAsync("carol");
        var transfer = new Transfer(EntryKind.Exchange,
            [PostingLine.Debit(_alice, 60), PostingLine.Credit(_bob, 40), PostingLine.Credit(carol, 20)])
        { IdempotencyKey = "workshop", ActorId = "member-1" };

        var result = await _db.SubmitAsync(transfer);

        Assert.Equal(LedgerStatus.Ok, result.Status);
        await _db.AssertBalancesAsync((_alice, -60), (_bob, 40), (carol, 20));
    }

    [Fact]
    public async Task RefusesToPassTheFloorAndChangesNothing()
    {
        await _db.SubmitAsync(_db.Transfer(_alice, _bob, 100));

        var result = await _db.SubmitAsync(_db.Transfer(_alice, _bob, 21));

        Assert.Equal(LedgerStatus.ExceedsFloor, result.Status);
        Assert.Null(result.EntrySequence);
        await _db.AssertBalancesAsync((_alice, -100), (_bob, 100));
    }

    [Fact]
    public async Task AllowsReachingTheFloorExactly()
    {
        var result = await _db.SubmitAsync(_db.Transfer(_alice, _bob, 120));

        Assert.Equal(LedgerStatus.Ok, result.Status);
        await _db.AssertBalancesAsync((_alice, -120), (_bob, 120));
    }

    [Fact]
    public async Task RefusesToPassTheCeilingAndChangesNothing()
    {
        await _db.FundAsync(_issuance, _bob, 590);

        var result = await _db.SubmitAsync(_db.Transfer(_alice, _bob, 11));

        Assert.Equal(LedgerStatus.ExceedsCeiling, result.Status);
        await _db.AssertBalancesAsync((_issuance, -590), (_alice, 0), (_bob, 590));
    }

    [Fact]
    public async Task RefusesAClosedAccount()
    {
        var carol = await _db.OpenAccountAsync("carol");
        Assert.Equal(LedgerStatus.Ok, (await _db.SubmitAsync(new CloseAccount(carol) { IdempotencyKey = "close", ActorId = "admin" })).Status);

        var result = await _db.SubmitAsync(_db.Transfer(_alice, carol, 10));

        Assert.Equal(LedgerStatus.AccountClosed, result.Status);
        await _db.AssertBalancesAsync((_alice, 0), (carol, 0));
    }

    [Fact]
    public async Task RefusesAnUnknownAccount()
    {
        var result = await _db.SubmitAsync(_db.Transfer(_alice, 999, 10));

        Assert.Equal(LedgerStatus.AccountNotFound, result.Status);
        await _db.AssertBalancesAsync((_alice, 0));
    }

    [Fact]
    public async Task RefusesAccountsOfDifferentLedgerGroups()
    {
        var stranger = await _db.OpenAccountAsync("stranger", group: "community-2");

        var result = await _db.SubmitAsync(_db.Transfer(_alice, stranger, 10));

        Assert.Equal(LedgerStatus.LedgerGroupMismatch, result.Status);
        await _db.AssertBalancesAsync((_alice, 0), (stranger, 0));
    }

    [Theory]
    [InlineData(0, LedgerStatus.InvalidAmount)]
    [InlineData(-5, LedgerStatus.InvalidAmount)]
    public async Task RefusesAmountsThatAreNotPositive(long minutes, LedgerStatus expected)
    {
        var result = await _db.SubmitAsync(_db.Transfer(_alice, _bob, minutes));

        Assert.Equal(expected, result.Status);
        await _db.AssertBalancesAsync((_alice, 0), (_bob, 0));
    }

    [Fact]
    public async Task RefusesPostingsThatDoNotBalance()
    {
        var transfer = new Transfer(EntryKind.Exchange, [PostingLine.Debit(_alice, 60), PostingLine.Credit(_bob, 50)])
        { IdempotencyKey = "unbalanced", ActorId = "member-1" };

        Assert.Equal(LedgerStatus.InvalidPostings, (await _db.SubmitAsync(transfer)).Status);
        await _db.AssertBalancesAsync((_alice, 0), (_bob, 0));
    }

    [Fact]
    public async Task RefusesFewerThanTwoPostingsOrOneAccountTwice()
    {
        var single = new Transfer(EntryKind.Exchange, [PostingLine.Debit(_alice, 60)]) { IdempotencyKey = "one", ActorId = "m" };
        var self = _db.Transfer(_alice, _alice, 60);

        Assert.Equal(LedgerStatus.InvalidPostings, (await _db.SubmitAsync(single)).Status);
        Assert.Equal(LedgerStatus.InvalidPostings, (await _db.SubmitAsync(self)).Status);
        await _db.AssertBalancesAsync((_alice, 0));
    }

    [Fact]
    public async Task RefusesTheReversalKind()
    {
        var transfer = Transfer.Between(_alice, _bob, 10, "fake-reversal", "member-1", EntryKind.Reversal);

        Assert.Equal(LedgerStatus.InvalidKind, (await _db.SubmitAsync(transfer)).Status);
        await _db.AssertBalancesAsync((_alice, 0), (_bob, 0));
    }

    [Fact]
    public async Task RefusesACommandWithoutKeyOrActor()
    {
        var noKey = Transfer.Between(_alice, _bob, 10, " ", "member-1");
        var noActor = Transfer.Between(_alice, _bob, 10, "k", "");

        Assert.Equal(LedgerStatus.InvalidCommand, (await _db.SubmitAsync(noKey)).Status);
        Assert.Equal(LedgerStatus.InvalidCommand, (await _db.SubmitAsync(noActor)).Status);
        await _db.AssertBalancesAsync((_alice, 0), (_bob, 0));
    }

    [Fact]
    public async Task ReplayReturnsTheFirstEntryAndPostsNothing()
    {
        var first = await _db.SubmitAsync(_db.Transfer(_alice, _bob, 30, key: "pay-1"));

        var replay = await _db.SubmitAsync(_db.Transfer(_alice, _bob, 30, key: "pay-1"));

        Assert.Equal(LedgerStatus.Ok, replay.Status);
        Assert.True(replay.IsReplay);
        Assert.Equal(first.EntrySequence, replay.EntrySequence);
        Assert.Equal(first.RecordedAt, replay.RecordedAt);
        await _db.AssertBalancesAsync((_alice, -30), (_bob, 30));
    }

    [Fact]
    public async Task SameKeyWithOtherContentIsAConflict()
    {
        await _db.SubmitAsync(_db.Transfer(_alice, _bob, 30, key: "pay-1"));

        var conflict = await _db.SubmitAsync(_db.Transfer(_alice, _bob, 31, key: "pay-1"));

        Assert.Equal(LedgerStatus.IdempotencyConflict, conflict.Status);
        Assert.Null(conflict.EntrySequence);
        await _db.AssertBalancesAsync((_alice, -30), (_bob, 30));
    }

    [Fact]
    public async Task RetriedRejectionIsEvaluatedAgain()
    {
        await _db.SubmitAsync(_db.Transfer(_alice, _bob, 120));
        var rejected = await _db.SubmitAsync(_db.Transfer(_alice, _bob, 50, key: "retry-me"));
        await _db.FundAsync(_issuance, _alice, 100);

        var retried = await _db.SubmitAsync(_db.Transfer(_alice, _bob, 50, key: "retry-me"));

        Assert.Equal(LedgerStatus.ExceedsFloor, rejected.Status);
        Assert.Equal(LedgerStatus.Ok, retried.Status);
        Assert.False(retried.IsReplay);
        await _db.AssertBalancesAsync((_issuance, -100), (_alice, -70), (_bob, 170));
    }

    [Fact]
    public async Task RecordsWhoWhyAndWhen()
    {
        var effective = new DateTimeOffset(2026, 11, 20, 14, 0, 0, TimeSpan.Zero);
        var transfer = _db.Transfer(_alice, _bob, 45) with
        {
            ActorId = "coordinator-7",
            PrincipalId = "member-1",
            Cause = new LedgerCause("exchange", "42"),
            Memo = "garden help",
            EffectiveAt = effective,
            PolicyVersion = 3,
        };

        var result = await _db.SubmitAsync(transfer);

        await using var context = _db.CreateContext();
        var entry = await context.Set<LedgerEntry>().Include(e => e.Postings).SingleAsync(e => e.Sequence == result.EntrySequence);
        Assert.Equal(("coordinator-7", "member-1", "exchange", "42", "garden help", 3),
            (entry.ActorId, entry.PrincipalId, entry.CauseType, entry.CauseId, entry.Memo, entry.PolicyVersion));
        Assert.Equal(effective, entry.EffectiveAt);
        Assert.Equal(_db.Clock.GetUtcNow(), entry.RecordedAt);
        Assert.Equal(
            [(_alice, PostingSide.Debit, 45L, -45L), (_bob, PostingSide.Credit, 45L, 45L)],
            entry.Postings.OrderBy(p => p.Index).Select(p => (p.AccountId, p.Side, p.AmountMinutes, p.BalanceAfterMinutes)));
        await _db.AssertBalancesAsync((_alice, -45), (_bob, 45));
    }
}
