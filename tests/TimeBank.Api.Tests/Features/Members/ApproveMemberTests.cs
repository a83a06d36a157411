using TimeBank.Api.Data.Entities;
using TimeBank.Api.Features.Communities;
using TimeBank.Api.Features.Members;
using TimeBank.Api.Schema;
using TimeBank.Ledger.Reads;

namespace TimeBank.Api.Tests.Features.Members;

public sealed class ApproveMemberTests
{
    [Fact]
    public async Task OpensTheAccountWithThePolicyLimitsAndPostsTheJoiningGrantOnce()
    {
        await using var bank = await MembershipFixture.CreateAsync(new PolicyInput(JoiningGrantMinutes: 120));
        var maria = await bank.JoinAsync(await bank.NewUserAsync(), "Maria");
        Assert.Equal(MemberStatus.Applied, maria.Status);
        Assert.Null(maria.AccountId);

        var first = await bank.ApproveAsync(maria.Id, bank.Coordinator);
        var again = await bank.ApproveAsync(maria.Id, bank.Coordinator);

        Assert.True(first.Succeeded, first.Message);
        Assert.True(again.Succeeded, again.Message);
        await using var db = bank.Database.CreateContext();
        var account = await db.FindLedgerAccountAsync(first.Value!.AccountId!.Value);
        Assert.Equal(120, account!.BalanceMinutes);
        Assert.Equal(PolicyDefaults.FloorMinutes, account.FloorMinutes);
        Assert.Equal(PolicyDefaults.CeilingMinutes, account.CeilingMinutes);
        var issuance = await db.FindLedgerAccountAsync(bank.Community.IssuanceAccountId);
        Assert.Equal(-120 - 120, issuance!.BalanceMinutes); // Carmen's grant and Maria's, nothing more
        Assert.Empty(await db.ReconcileLedgerAsync());
    }

    [Fact]
    public async Task JoinsAtOnceWhereThePolicyNeedsNoApproval()
    {
        await using var bank = await MembershipFixture.CreateAsync(new PolicyInput(RequiresApproval: false));

        var maria = await bank.JoinAsync(await bank.NewUserAsync(), "Maria");

        Assert.Equal(MemberStatus.Active, maria.Status);
        Assert.NotNull(maria.AccountId);
    }

    [Fact]
    public async Task AMemberWhoLeftAndCameBackKeepsTheirAccountAndGetsNoSecondGrant()
    {
        await using var bank = await MembershipFixture.CreateAsync(new PolicyInput(JoiningGrantMinutes: 120));
        var user = await bank.NewUserAsync();
        var first = await bank.JoinAsync(user, "Maria");
        var accountId = (await bank.ApproveAsync(first.Id, bank.Coordinator)).Value!.AccountId;
        await using (var db = bank.Database.CreateContext())
        {
            Assert.True((await LeaveCommunity.ExecuteAsync(new LeaveCommunityInput(first.Id), user, db, bank.Clock, default)).Succeeded);
        }

        var again = await bank.JoinAsync(user, "Maria again");
        var approved = await bank.ApproveAsync(again.Id, bank.Coordinator);

        Assert.Equal(first.Id, again.Id);
        Assert.Equal(MemberStatus.Applied, again.Status);
        Assert.Equal(MemberStatus.Active, approved.Value!.Status);
        Assert.Equal(accountId, approved.Value.AccountId);
        await using var check = bank.Database.CreateContext();
        Assert.Equal(120, (await check.FindLedgerAccountAsync(accountId!.Value))!.BalanceMinutes);
        Assert.Empty(await check.ReconcileLedgerAsync());
    }

    [Fact]
    public async Task OnlyACoordinatorOfTheCommunityApproves()
    {
        await using var bank = await MembershipFixture.CreateAsync();
        var maria = await bank.JoinAsync(await bank.NewUserAsync(), "Maria");
        var tom = await bank.JoinAsync(await bank.NewUserAsync(), "Tom");
        var outsider = await bank.NewUserAsync();

        var bySelf = await bank.ApproveAsync(maria.Id, new(maria.UserId, false));
        var byApplicant = await bank.ApproveAsync(maria.Id, new(tom.UserId, false));
        var byOutsider = await bank.ApproveAsync(maria.Id, outsider);
        var anonymous = await bank.ApproveAsync(maria.Id, TimeBank.Api.Features.Caller.Anonymous);

        Assert.Equal(ErrorCode.Forbidden, bySelf.Code);
        Assert.Equal(ErrorCode.Forbidden, byApplicant.Code);
        Assert.Equal(ErrorCode.NotFound, byOutsider.Code);
        Assert.Equal(ErrorCode.Unauthenticated, anonymous.Code);
        Assert.Equal(MemberStatus.Applied, (await bank.ReloadAsync(maria.Id)).Status);
    }
}
