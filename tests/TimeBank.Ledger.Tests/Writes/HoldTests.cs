using TimeBank.Ledger.Model;
using TimeBank.Ledger.Tests.Infrastructure;
using TimeBank.Ledger.Writes;

namespace TimeBank.Ledger.Tests.Writes;

/// <summary>Shared set-up for the two-phase use cases: alice (floor -120) pays bob (ceiling 600).</summary>
public abstract class HoldTestBase : IAsyncLifetime
{
    internal LedgerDatabase Db { get; private set; } = null!;

    protected long Issuance { get; private set; }

    protected long Alice { get; private set; }

    protected long Bob { get; private set; }

    public async Task InitializeAsync()
    {
        Db = await LedgerDatabase.CreateAsync();
        Issuance = await Db.OpenAccountAsync("issuance", floorMinutes: null, ceilingMinutes: null, kind: AccountKind.Issuance);
        Alice = await Db.OpenAccountAsync("alice", floorMinutes: -120, ceilingMinutes: 600);
        Bob = await Db.OpenAccountAsync("bob", floorMinutes: -120, ceilingMinutes: 600);
    }

    public async Task DisposeAsync() => await Db.DisposeAsync();

    protected async Task<long> PlaceAsync(long minutes, DateTimeOffset? expiresAt = null)
    {
        var result = await Db.SubmitAsync(Place(minutes, expiresAt));
        Assert.Equal(LedgerStatus.Ok, result.Status);
        return result.HoldId!.Value;
    }

    protected PlaceHold Place(long minutes, DateTimeOffset? expiresAt = null, string? key = null) =>
        new(Alice, Bob, minutes, expiresAt) { IdempotencyKey = key ?? Db.NextKey("hold"), ActorId = "member-1" };

    protected LedgerCommand Command(LedgerCommand command, string? key = null) =>
        command with { IdempotencyKey = key ?? Db.NextKey(), ActorId = "member-1" };
}

public sealed class PlaceHoldTests : HoldTestBase
{
    [Fact]
    public async Task ReservesOnBothLegsWithoutPosting()
    {
        var result = await Db.SubmitAsync(Place(60));

        Assert.Equal(LedgerStatus.Ok, result.Status);
        Assert.NotNull(result.HoldId);
        Assert.Null(result.EntrySequence);
        await Db.AssertAccountsAsync((Alice, 0, 60, 0), (Bob, 0, 0, 60));
    }

    [Fact]
    public async Task CountsPendingHoldsAgainstTheFloor()
    {
        await PlaceAsync(100);

        var hold = await Db.SubmitAsync(Place(21));
        var transfer = await Db.SubmitAsync(Db.Transfer(Alice, Bob, 21));

        Assert.Equal(LedgerStatus.ExceedsFloor, hold.Status);
        Assert.Equal(LedgerStatus.ExceedsFloor, transfer.Status);
        await Db.AssertAccountsAsync((Alice, 0, 100, 0), (Bob, 0, 0, 100));
    }

    [Fact]
    public async Task CountsPendingHoldsAgainstTheCeiling()
    {
        await Db.FundAsync(Issuance, Bob, 500);
        await PlaceAsync(100);

        var result = await Db.SubmitAsync(Db.Transfer(Issuance, Bob, 1));

        Assert.Equal(LedgerStatus.ExceedsCeiling, result.Status);
        await Db.AssertAccountsAsync((Alice, 0, 100, 0), (Bob, 500, 0, 100));
    }

    [Fact]
    public async Task RefusesAnAmountThatIsNotPositive()
    {
        Assert.Equal(LedgerStatus.InvalidAmount, (await Db.SubmitAsync(Place(0))).Status);
        await Db.AssertAccountsAsync((Alice, 0, 0, 0), (Bob, 0, 0, 0));
    }

    [Fact]
    public async Task ReplayReturnsTheSameHold()
    {
        var first = await Db.SubmitAsync(Place(30, key: "accept-1"));

        var replay = await Db.SubmitAsync(Place(30, key: "accept-1"));
        var conflict = await Db.SubmitAsync(Place(31, key: "accept-1"));

        Assert.True(replay.IsReplay);
        Assert.Equal(first.HoldId, replay.HoldId);
        Assert.Equal(LedgerStatus.IdempotencyConflict, conflict.Status);
        await Db.AssertAccountsAsync((Alice, 0, 30, 0), (Bob, 0, 0, 30));
    }
}

public sealed class PostHoldTests : HoldTestBase
{
    [Fact]
    public async Task PostsTheWholeHold()
    {
        var holdId = await PlaceAsync(60);

        var result = await Db.SubmitAsync(Command(new PostHold(holdId) { IdempotencyKey = "", ActorId = "" }));

        Assert.Equal(LedgerStatus.Ok, result.Status);
        Assert.Equal(holdId, result.HoldId);
        Assert.NotNull(result.EntrySequence);
        await Db.AssertAccountsAsync((Alice, -60, 0, 0), (Bob, 60, 0, 0));
    }

    [Fact]
    public async Task PostsPartOfTheHoldAndVoidsTheRest()
    {
        var holdId = await PlaceAsync(60);

        var result = await Db.SubmitAsync(Command(new PostHold(holdId, 45) { IdempotencyKey = "", ActorId = "" }));

        Assert.Equal(LedgerStatus.Ok, result.Status);
        await Db.AssertAccountsAsync((Alice, -45, 0, 0), (Bob, 45, 0, 0));
        var hold = await Db.HoldAsync(holdId);
        Assert.Equal((HoldStatus.Posted, 45L, result.EntrySequence), (hold.Status, hold.PostedMinutes, hold.PostedEntrySequence));
    }

    [Fact]
    public async Task RefusesMoreThanTheHold()
    {
        var holdId = await PlaceAsync(60);

        var result = await Db.SubmitAsync(Command(new PostHold(holdId, 61) { IdempotencyKey = "", ActorId = "" }));

        Assert.Equal(LedgerStatus.AmountExceedsHold, result.Status);
        await Db.AssertAccountsAsync((Alice, 0, 60, 0), (Bob, 0, 0, 60));
    }

    [Fact]
    public async Task RefusesAHoldThatIsNotPending()
    {
        var holdId = await PlaceAsync(60);
        await Db.SubmitAsync(Command(new PostHold(holdId) { IdempotencyKey = "", ActorId = "" }));

        var again = await Db.SubmitAsync(Command(new PostHold(holdId) { IdempotencyKey = "", ActorId = "" }));
        var missing = await Db.SubmitAsync(Command(new PostHold(999) { IdempotencyKey = "", ActorId = "" }));

        Assert.Equal(LedgerStatus.HoldNotPending, again.Status);
        Assert.Equal(LedgerStatus.HoldNotFound, missing.Status);
        await Db.AssertAccountsAsync((Alice, -60, 0, 0), (Bob, 60, 0, 0));
    }

    [Fact]
    public async Task RefusesAnExpiredHold()
    {
        var holdId = await PlaceAsync(60, Db.Clock.GetUtcNow().AddHours(1));
        Db.Clock.Advance(TimeSpan.FromHours(1));

        var result = await Db.SubmitAsync(Command(new PostHold(holdId) { IdempotencyKey = "", ActorId = "" }));

        Assert.Equal(LedgerStatus.HoldExpired, result.Status);
        await Db.AssertAccountsAsync((Alice, 0, 60, 0), (Bob, 0, 0, 60));
    }

    [Fact]
    public async Task ReplayReturnsTheSameEntry()
    {
        var holdId = await PlaceAsync(60);
        var post = new PostHold(holdId, 30) { IdempotencyKey = "ack-1", ActorId = "member-1" };
        var first = await Db.SubmitAsync(post);

        var replay = await Db.SubmitAsync(post);

        Assert.True(replay.IsReplay);
        Assert.Equal(first.EntrySequence, replay.EntrySequence);
        await Db.AssertAccountsAsync((Alice, -30, 0, 0), (Bob, 30, 0, 0));
    }
}

public sealed class VoidHoldTests : HoldTestBase
{
    [Fact]
    public async Task ReleasesBothLegs()
    {
        var holdId = await PlaceAsync(60);

        var result = await Db.SubmitAsync(Command(new VoidHold(holdId) { IdempotencyKey = "", ActorId = "" }));

        Assert.Equal(LedgerStatus.Ok, result.Status);
        Assert.Equal(HoldStatus.Voided, (await Db.HoldAsync(holdId)).Status);
        await Db.AssertAccountsAsync((Alice, 0, 0, 0), (Bob, 0, 0, 0));
    }

    [Fact]
    public async Task RefusesAHoldThatIsNotPending()
    {
        var holdId = await PlaceAsync(60);
        await Db.SubmitAsync(Command(new VoidHold(holdId) { IdempotencyKey = "", ActorId = "" }));

        var again = await Db.SubmitAsync(Command(new VoidHold(holdId) { IdempotencyKey = "", ActorId = "" }));
        var missing = await Db.SubmitAsync(Command(new VoidHold(12345) { IdempotencyKey = "", ActorId = "" }));

        Assert.Equal(LedgerStatus.HoldNotPending, again.Status);
        Assert.Equal(LedgerStatus.HoldNotFound, missing.Status);
        await Db.AssertAccountsAsync((Alice, 0, 0, 0), (Bob, 0, 0, 0));
    }
}

public sealed class ExpireHoldsTests : HoldTestBase
{
    [Fact]
    public async Task ReleasesOnlyHoldsPastTheirExpiry()
    {
        var soon = await PlaceAsync(30, Db.Clock.GetUtcNow().AddMinutes(10));
        var later = await PlaceAsync(20, Db.Clock.GetUtcNow().AddDays(2));
        var never = await PlaceAsync(10);
        Db.Clock.Advance(TimeSpan.FromHours(1));

        var result = await Db.SubmitAsync(Command(new ExpireHolds { IdempotencyKey = "", ActorId = "" }, key: "expire-run-1"));
        var replay = await Db.SubmitAsync(Command(new ExpireHolds { IdempotencyKey = "", ActorId = "" }, key: "expire-run-1"));

        Assert.Equal((LedgerStatus.Ok, 1L), (result.Status, result.AffectedCount));
        Assert.Equal((true, 1L), (replay.IsReplay, replay.AffectedCount));
        Assert.Equal(
            [HoldStatus.Expired, HoldStatus.Pending, HoldStatus.Pending],
            [(await Db.HoldAsync(soon)).Status, (await Db.HoldAsync(later)).Status, (await Db.HoldAsync(never)).Status]);
        await Db.AssertAccountsAsync((Alice, 0, 30, 0), (Bob, 0, 0, 30));
    }
}
