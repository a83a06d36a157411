using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using TimeBank.Api.Data;
using TimeBank.Api.Data.Entities;
using TimeBank.Api.Features;
using TimeBank.Api.Features.Communities;
using TimeBank.Api.Features.Members;
using TimeBank.Api.Tests.Infrastructure;
using TimeBank.Ledger.Writes;

namespace TimeBank.Api.Tests.Features.Members;

/// <summary>A database with an admin, a community and its coordinator, driven through the use cases.</summary>
public sealed class MembershipFixture : IAsyncDisposable
{
    private long _nextUser;

    private MembershipFixture() => Ledger = new LedgerWriter<TimeBankDbContext>(Database.CreateContext, Clock);

    public TestDatabase Database { get; } = new();

    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 11, 25, 9, 0, 0, TimeSpan.Zero));

    public LedgerWriter<TimeBankDbContext> Ledger { get; }

    public Caller Admin { get; private set; } = Caller.Anonymous;

    public Caller Coordinator { get; private set; } = Caller.Anonymous;

    public Community Community { get; private set; } = null!;

    public static async Task<MembershipFixture> CreateAsync(PolicyInput? policy = null)
    {
        var fixture = new MembershipFixture();
        fixture.Admin = await fixture.NewUserAsync(isAdmin: true);
        await using var db = fixture.Database.CreateContext();
        var created = await CreateCommunity.ExecuteAsync(
            new CreateCommunityInput("riverside", "Riverside Time Bank", "Europe/Lisbon", policy), fixture.Admin, db, fixture.Ledger, fixture.Clock, default);
        fixture.Community = created.Value ?? throw new InvalidOperationException(created.Message);
        fixture.Coordinator = await fixture.NewUserAsync();
        var coordinator = await fixture.JoinAsync(fixture.Coordinator, "Carmen");
        await fixture.ApproveAsync(coordinator.Id, fixture.Admin);
        await using var db2 = fixture.Database.CreateContext();
        var set = await SetMemberRoles.ExecuteAsync(new SetMemberRolesInput(coordinator.Id, Coordinator: true, Auditor: false), fixture.Admin, db2, fixture.Clock, default);
        Assert.True(set.Succeeded, set.Message);
        return fixture;
    }

    /// <summary>Another coordinator of the community, approved and given the role by the admin.</summary>
    public async Task<Caller> NewCoordinatorAsync(string name)
    {
        var caller = await NewUserAsync();
        var member = await JoinAsync(caller, name);
        var approved = await ApproveAsync(member.Id, Admin);
        Assert.True(approved.Succeeded, approved.Message);
        await using var db = Database.CreateContext();
        var set = await SetMemberRoles.ExecuteAsync(new SetMemberRolesInput(member.Id, Coordinator: true, Auditor: false), Admin, db, Clock, default);
        Assert.True(set.Succeeded, set.Message);
        return caller;
    }

    public async Task<Caller> NewUserAsync(bool isAdmin = false)
    {
        await using var db = Database.CreateContext();
        var user = db.Users.Add(new User { Email = $"user{++_nextUser}@example.org", IsAdmin = isAdmin, CreatedAt = Clock.GetUtcNow().UtcDateTime }).Entity;
        await db.SaveChangesAsync();
        return new Caller(user.Id, isAdmin);
    }

    public async Task<Member> JoinAsync(Caller caller, string name)
    {
        await using var db = Database.CreateContext();
        var joined = await JoinCommunity.ExecuteAsync(new JoinCommunityInput(Community.Id, name), caller, db, Ledger, Clock, default);
        return joined.Value ?? throw new InvalidOperationException($"{joined.Code}: {joined.Message}");
    }

    public async Task<TimeBank.Api.Schema.Outcome<Member>> ApproveAsync(long memberId, Caller caller)
    {
        await using var db = Database.CreateContext();
        return await ApproveMember.ExecuteAsync(new ApproveMemberInput(memberId), caller, db, Ledger, Clock, default);
    }

    public async Task<Member> ReloadAsync(long memberId)
    {
        await using var db = Database.CreateContext();
        return await db.Members.AsNoTracking().Include(m => m.Skills).SingleAsync(m => m.Id == memberId);
    }

    public async ValueTask DisposeAsync()
    {
        await Ledger.DisposeAsync();
        Database.Dispose();
    }
}
