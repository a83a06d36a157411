using Microsoft.EntityFrameworkCore;
using TimeBank.Api.Features.Communities;
using TimeBank.Api.Features.Members;
using TimeBank.Api.Schema;
using TimeBank.Ledger.Reads;

namespace TimeBank.Api.Tests.Features.Members;

public sealed class EraseMemberTests
{
    [Fact]
    public async Task PseudonymisesPersonalDataAndKeepsTheLedgerClean()
    {
        await using var bank = await MembershipFixture.CreateAsync(new PolicyInput(JoiningGrantMinutes: 60));
        var user = await bank.NewUserAsync();
        var maria = await bank.JoinAsync(user, "Maria Silva");
        await bank.ApproveAsync(maria.Id, bank.Coordinator);
        await using (var edit = bank.Database.CreateContext())
        {
            var updated = await UpdateProfile.ExecuteAsync(
                new UpdateProfileInput(maria.Id, Bio: "Retired teacher", Neighbourhood: "Riverside", SkillTags: ["tutoring"]), user, edit, bank.Clock, default);
            Assert.True(updated.Succeeded, updated.Message);
        }
        await using var db = bank.Database.CreateContext();
        var entriesBefore = await db.Database.SqlQueryRaw<long>("SELECT COUNT(*) AS Value FROM LedgerEntries").SingleAsync();

        var erased = await EraseMember.ExecuteAsync(new EraseMemberInput(maria.Id), user, db, bank.Ledger, bank.Clock, default);

        Assert.True(erased.Succeeded, erased.Message);
        var after = await bank.ReloadAsync(maria.Id);
        Assert.DoesNotContain("Maria", after.DisplayName, StringComparison.Ordinal);
        Assert.Null(after.Bio);
        Assert.Null(after.Neighbourhood);
        Assert.Empty(after.Skills);
        var login = await db.Users.AsNoTracking().SingleAsync(u => u.Id == user.UserId);
        Assert.Null(login.Email);
        Assert.Null(login.PasswordHash);
        Assert.Equal(entriesBefore, await db.Database.SqlQueryRaw<long>("SELECT COUNT(*) AS Value FROM LedgerEntries").SingleAsync());
        Assert.Equal(60, (await db.FindLedgerAccountAsync(after.AccountId!.Value))!.BalanceMinutes);
        Assert.Empty(await db.ReconcileLedgerAsync());
        Assert.True((await db.VerifyLedgerChainAsync()).IsValid);
    }

    [Fact]
    public async Task OnlyTheMemberOrAnAdminErases()
    {
        await using var bank = await MembershipFixture.CreateAsync();
        var maria = await bank.JoinAsync(await bank.NewUserAsync(), "Maria");
        await using var db = bank.Database.CreateContext();

        var byCoordinator = await EraseMember.ExecuteAsync(new EraseMemberInput(maria.Id), bank.Coordinator, db, bank.Ledger, bank.Clock, default);

        Assert.Equal(ErrorCode.Forbidden, byCoordinator.Code);
        Assert.Equal("Maria", (await bank.ReloadAsync(maria.Id)).DisplayName);
    }
}
