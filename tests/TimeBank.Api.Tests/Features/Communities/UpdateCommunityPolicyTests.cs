using Microsoft.EntityFrameworkCore;
using TimeBank.Api.Features.Communities;
using TimeBank.Api.Schema;
using TimeBank.Api.Tests.Features.Members;
using TimeBank.Ledger.Reads;
using TimeBank.Ledger.Writes;

namespace TimeBank.Api.Tests.Features.Communities;

public sealed class UpdateCommunityPolicyTests
{
    [Fact]
    public async Task NewLimitsReachExistingAccountsAndHistoryStaysClean()
    {
        await using var bank = await MembershipFixture.CreateAsync();
        var maria = await bank.JoinAsync(await bank.NewUserAsync(), "Maria");
        var mariaAccount = (await bank.ApproveAsync(maria.Id, bank.Coordinator)).Value!.AccountId!.Value;
        var fund = bank.Community.FundAccountId;
        // Maria owes five hours to the fund (the way an exchange would leave her).
        Assert.True((await bank.Ledger.SubmitAsync(Transfer.Between(mariaAccount, fund, 300, "debt", "test"))).Succeeded);

        await using var db = bank.Database.CreateContext();
        var changed = await UpdateCommunityPolicy.ExecuteAsync(
            new UpdateCommunityPolicyInput(bank.Community.Id, new PolicyInput(FloorMinutes: -120)), bank.Coordinator, db, bank.Ledger, bank.Clock, default);

        Assert.True(changed.Succeeded, changed.Message);
        Assert.Equal(2, changed.Value!.PolicyVersion);
        Assert.Equal(-120, (await db.FindLedgerAccountAsync(mariaAccount))!.FloorMinutes);
        Assert.Equal(LedgerStatus.ExceedsFloor, (await bank.Ledger.SubmitAsync(Transfer.Between(mariaAccount, fund, 1, "more", "test"))).Status);
        Assert.Empty(await db.ReconcileLedgerAsync());
        var versions = await db.CommunityPolicies.Where(p => p.CommunityId == bank.Community.Id).OrderBy(p => p.Version).Select(p => p.FloorMinutes).ToListAsync();
        Assert.Equal([PolicyDefaults.FloorMinutes, -120L], versions);
    }

    [Fact]
    public async Task OnlyACoordinatorChangesThePolicyAndBadRulesChangeNothing()
    {
        await using var bank = await MembershipFixture.CreateAsync();
        var tom = await bank.JoinAsync(await bank.NewUserAsync(), "Tom");
        await bank.ApproveAsync(tom.Id, bank.Coordinator);
        await using var db = bank.Database.CreateContext();

        var byMember = await UpdateCommunityPolicy.ExecuteAsync(
            new UpdateCommunityPolicyInput(bank.Community.Id, new PolicyInput(FloorMinutes: -60)), new(tom.UserId, false), db, bank.Ledger, bank.Clock, default);
        var positiveFloor = await UpdateCommunityPolicy.ExecuteAsync(
            new UpdateCommunityPolicyInput(bank.Community.Id, new PolicyInput(FloorMinutes: 60)), bank.Coordinator, db, bank.Ledger, bank.Clock, default);

        Assert.Equal(ErrorCode.Forbidden, byMember.Code);
        Assert.Equal(ErrorCode.InvalidInput, positiveFloor.Code);
        Assert.Equal(1, await db.CommunityPolicies.CountAsync(p => p.CommunityId == bank.Community.Id));
    }
}
