using Microsoft.EntityFrameworkCore;
using TimeBank.Api.Data.Entities;
using TimeBank.Api.Features.Communities;
using TimeBank.Ledger.Reads;

namespace TimeBank.Api.Tests.Features.Members;

/// <summary>Coordinators approving the same applicant at once: every one of them is told it is approved, and it happens once.</summary>
public sealed class ConcurrentApprovalTests
{
    [Fact]
    public async Task TwelveApprovalsByTwoCoordinatorsOpenOneAccountAndPostOneGrant()
    {
        const int Applicants = 4;
        const int ApprovalsEach = 12;
        await using var bank = await MembershipFixture.CreateAsync(new PolicyInput(JoiningGrantMinutes: 90));
        var second = await bank.NewCoordinatorAsync("Dmitri");
        var applicants = new List<Member>();
        for (var i = 0; i < Applicants; i++)
        {
            applicants.Add(await bank.JoinAsync(await bank.NewUserAsync(), $"Applicant {i}"));
        }
        await using (var db = bank.Database.CreateContext())
        {
            var issuanceBefore = (await db.FindLedgerAccountAsync(bank.Community.IssuanceAccountId))!.BalanceMinutes;
            Assert.Equal(-90 * 2, issuanceBefore);
        }

        // Every approval on its own thread and DbContext, alternating coordinators, all released at once.
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var approvals = applicants.SelectMany(a => Enumerable.Range(0, ApprovalsEach).Select(i => Task.Run(async () =>
        {
            await start.Task;
            return await bank.ApproveAsync(a.Id, i % 2 == 0 ? bank.Coordinator : second);
        }))).ToList();
        start.SetResult();
        var outcomes = await Task.WhenAll(approvals);

        Assert.All(outcomes, o => Assert.True(o.Succeeded, $"{o.Code}: {o.Message}"));
        Assert.All(outcomes, o => Assert.Equal(MemberStatus.Active, o.Value!.Status));
        await using var check = bank.Database.CreateContext();
        foreach (var applicant in applicants)
        {
            var member = await bank.ReloadAsync(applicant.Id);
            Assert.NotNull(member.AccountId);
            Assert.NotNull(member.JoiningGrantEntrySequence);
            Assert.Equal(90, (await check.FindLedgerAccountAsync(member.AccountId!.Value))!.BalanceMinutes);
            Assert.Equal(1, await check.MembershipChanges.CountAsync(c => c.MemberId == applicant.Id && c.ToStatus == MemberStatus.Active));
            Assert.All(outcomes.Where(o => o.Value!.Id == applicant.Id), o => Assert.Equal(member.AccountId, o.Value!.AccountId));
        }
        var memberAccounts = (await check.ListLedgerAccountsAsync(bank.Community.LedgerGroup)).Count(a => a.Kind == TimeBank.Ledger.Model.AccountKind.Member);
        Assert.Equal(2 + Applicants, memberAccounts);
        Assert.Equal(-90 * (2 + Applicants), (await check.FindLedgerAccountAsync(bank.Community.IssuanceAccountId))!.BalanceMinutes);
        Assert.Empty(await check.ReconcileLedgerAsync());
    }
}
