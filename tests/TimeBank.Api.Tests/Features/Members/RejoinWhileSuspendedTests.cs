using Microsoft.EntityFrameworkCore;
using TimeBank.Api.Data.Entities;
using TimeBank.Api.Features;
using TimeBank.Api.Features.Communities;
using TimeBank.Api.Features.Members;

namespace TimeBank.Api.Tests.Features.Members;

/// <summary>A suspension outlives leaving: a member who left while suspended comes back suspended.</summary>
public sealed class RejoinWhileSuspendedTests
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task ASuspendedMemberWhoLeavesAndRejoinsIsStillSuspended(bool requiresApproval)
    {
        await using var bank = await MembershipFixture.CreateAsync(new PolicyInput(RequiresApproval: requiresApproval));
        var user = await bank.NewUserAsync();
        var maria = await bank.JoinAsync(user, "Maria");
        if (requiresApproval)
        {
            Assert.True((await bank.ApproveAsync(maria.Id, bank.Coordinator)).Succeeded);
        }
        var accountId = (await bank.ReloadAsync(maria.Id)).AccountId;
        await using (var db = bank.Database.CreateContext())
        {
            Assert.True((await SuspendMember.ExecuteAsync(new(maria.Id, "shouted at Tom"), bank.Coordinator, db, bank.Clock, default)).Succeeded);
            Assert.True((await LeaveCommunity.ExecuteAsync(new(maria.Id), user, db, bank.Clock, default)).Succeeded);
        }

        var rejoined = await bank.JoinAsync(user, "Maria again");

        Assert.Equal(maria.Id, rejoined.Id);
        Assert.Equal(MemberStatus.Suspended, rejoined.Status);
        Assert.Equal(accountId, rejoined.AccountId);
        await using var check = bank.Database.CreateContext();
        var suspendedList = await MemberFilter.Apply(check.Members.Where(m => m.CommunityId == bank.Community.Id), new MemberFilter(Status: MemberStatus.Suspended))
            .Select(m => m.Id).ToListAsync();
        Assert.Contains(maria.Id, suspendedList);
        // Approving is not a way round it either; only a coordinator's reinstatement lifts it.
        Assert.False((await bank.ApproveAsync(maria.Id, bank.Coordinator)).Succeeded);
        Assert.False((await ReinstateMember.ExecuteAsync(new(maria.Id), new Caller(user.UserId, false), check, bank.Clock, default)).Succeeded);
        var reinstated = await ReinstateMember.ExecuteAsync(new(maria.Id), bank.Coordinator, check, bank.Clock, default);
        Assert.Equal(MemberStatus.Active, reinstated.Value?.Status);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task AMemberWhoLeftInGoodStandingRejoinsAsTheirPolicySays(bool requiresApproval)
    {
        await using var bank = await MembershipFixture.CreateAsync(new PolicyInput(RequiresApproval: requiresApproval));
        var user = await bank.NewUserAsync();
        var maria = await bank.JoinAsync(user, "Maria");
        if (requiresApproval)
        {
            Assert.True((await bank.ApproveAsync(maria.Id, bank.Coordinator)).Succeeded);
        }
        await using (var db = bank.Database.CreateContext())
        {
            Assert.True((await SuspendMember.ExecuteAsync(new(maria.Id), bank.Coordinator, db, bank.Clock, default)).Succeeded);
            Assert.True((await ReinstateMember.ExecuteAsync(new(maria.Id), bank.Coordinator, db, bank.Clock, default)).Succeeded);
            Assert.True((await LeaveCommunity.ExecuteAsync(new(maria.Id), user, db, bank.Clock, default)).Succeeded);
        }

        var rejoined = await bank.JoinAsync(user, "Maria again");

        Assert.Equal(requiresApproval ? MemberStatus.Applied : MemberStatus.Active, rejoined.Status);
    }
}
