using TimeBank.Api.Data.Entities;
using TimeBank.Api.Features.Members;
using TimeBank.Api.Schema;

namespace TimeBank.Api.Tests.Features.Members;

public sealed class MemberTransitionTests
{
    public static TheoryData<string, MemberStatus, ErrorCode?, MemberStatus> Cases => new()
    {
        { "decline", MemberStatus.Applied, null, MemberStatus.Declined },
        { "decline", MemberStatus.Active, ErrorCode.WrongStatus, MemberStatus.Active },
        { "suspend", MemberStatus.Active, null, MemberStatus.Suspended },
        { "suspend", MemberStatus.Applied, ErrorCode.WrongStatus, MemberStatus.Applied },
        { "reinstate", MemberStatus.Suspended, null, MemberStatus.Active },
        { "reinstate", MemberStatus.Applied, ErrorCode.WrongStatus, MemberStatus.Applied },
        { "leave", MemberStatus.Active, null, MemberStatus.Left },
        { "leave", MemberStatus.Suspended, null, MemberStatus.Left },
        { "suspend", MemberStatus.Suspended, null, MemberStatus.Suspended }, // a retry succeeds, changes nothing
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task MovesOnlyFromTheRightStatus(string verb, MemberStatus from, ErrorCode? expected, MemberStatus after)
    {
        await using var bank = await MembershipFixture.CreateAsync();
        var maria = await MemberInStatusAsync(bank, from);
        await using var db = bank.Database.CreateContext();
        var changesBefore = db.MembershipChanges.Count();

        var outcome = await RunAsync(verb, maria.Id, bank.Coordinator, bank);

        Assert.Equal(expected, outcome.Code);
        Assert.Equal(after, (await bank.ReloadAsync(maria.Id)).Status);
        Assert.Equal(changesBefore + (expected is null && from != after ? 1 : 0), db.MembershipChanges.Count());
    }

    [Fact]
    public async Task AMemberMayLeaveButNotSuspendThemself()
    {
        await using var bank = await MembershipFixture.CreateAsync();
        var maria = await MemberInStatusAsync(bank, MemberStatus.Active);
        var self = new TimeBank.Api.Features.Caller(maria.UserId, false);

        var suspend = await RunAsync("suspend", maria.Id, self, bank);
        var leave = await RunAsync("leave", maria.Id, self, bank);

        Assert.Equal(ErrorCode.Forbidden, suspend.Code);
        Assert.Null(leave.Code);
    }

    [Fact]
    public async Task RecordsTheCoordinatorAsActorAndTheMemberAsPrincipal()
    {
        await using var bank = await MembershipFixture.CreateAsync();
        var maria = await MemberInStatusAsync(bank, MemberStatus.Active);

        await RunAsync("leave", maria.Id, bank.Coordinator, bank);

        await using var db = bank.Database.CreateContext();
        var change = db.MembershipChanges.Where(c => c.MemberId == maria.Id).OrderBy(c => c.Id).Last();
        Assert.Equal(bank.Coordinator.UserId, change.ActorUserId);
        Assert.Equal(maria.Id, change.PrincipalMemberId);
        Assert.Equal((MemberStatus.Active, MemberStatus.Left), (change.FromStatus, change.ToStatus));
    }

    private static async Task<Member> MemberInStatusAsync(MembershipFixture bank, MemberStatus status)
    {
        var member = await bank.JoinAsync(await bank.NewUserAsync(), "Maria");
        if (status is MemberStatus.Active or MemberStatus.Suspended)
        {
            Assert.True((await bank.ApproveAsync(member.Id, bank.Coordinator)).Succeeded);
        }
        if (status == MemberStatus.Suspended)
        {
            Assert.True((await RunAsync("suspend", member.Id, bank.Coordinator, bank)).Succeeded);
        }
        return await bank.ReloadAsync(member.Id);
    }

    private static async Task<Outcome<Member>> RunAsync(string verb, long memberId, TimeBank.Api.Features.Caller caller, MembershipFixture bank)
    {
        await using var db = bank.Database.CreateContext();
        return verb switch
        {
            "decline" => await DeclineMember.ExecuteAsync(new(memberId), caller, db, bank.Clock, default),
            "suspend" => await SuspendMember.ExecuteAsync(new(memberId), caller, db, bank.Clock, default),
            "reinstate" => await ReinstateMember.ExecuteAsync(new(memberId), caller, db, bank.Clock, default),
            "leave" => await LeaveCommunity.ExecuteAsync(new(memberId), caller, db, bank.Clock, default),
            _ => throw new ArgumentOutOfRangeException(nameof(verb)),
        };
    }
}
