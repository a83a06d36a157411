using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TimeBank.Api.Data;
using TimeBank.Api.Data.Entities;
using TimeBank.Api.Tests.Infrastructure;
using TimeBank.Ledger.Model;
using TimeBank.Ledger.Reads;

namespace TimeBank.Api.Tests.Features.Demo;

public sealed class DemoSeederTests
{
    [Fact]
    public async Task LoadsTheDemoCommunityWithEveryRoleAndStatusAndACleanLedger()
    {
        await using var app = new TimeBankApplication { SeedDemo = true };
        _ = app.Server;

        await using var db = await app.Services.GetRequiredService<IDbContextFactory<TimeBankDbContext>>().CreateDbContextAsync();
        var members = await db.Members.AsNoTracking().ToListAsync();
        Assert.Equal(20, await db.Users.CountAsync());
        Assert.Equal(19, members.Count);
        Assert.Contains(members, m => m.Roles.HasFlag(MemberRoles.Coordinator));
        Assert.Contains(members, m => m.Roles.HasFlag(MemberRoles.Auditor));
        Assert.Contains(members, m => m.Status == MemberStatus.Applied);
        Assert.Contains(members, m => m.Status == MemberStatus.Suspended);
        Assert.All(members.Where(m => m.Status == MemberStatus.Active), m => Assert.NotNull(m.JoiningGrantEntrySequence));
        var exchanges = await db.Exchanges.AsNoTracking().ToListAsync();
        Assert.Equal(Enum.GetValues<ExchangeStatus>().Order(), exchanges.Select(e => e.Status).Distinct().Order());
        Assert.Empty(await db.ReconcileLedgerAsync());

        var login = await app.GraphQLAsync("mutation { login(input: { email: \"maria@demo.timebank.local\", password: \"tb-maria-demo-2026\" }) { user { email } errors { code } } }");
        Assert.Equal("maria@demo.timebank.local", (string?)login["data"]?["login"]?["user"]?["email"]);
    }

    [Fact]
    public async Task GivesTheAuditorAReversalWithItsReasonAndAClosedPeriodAfterTheSeededHistory()
    {
        await using var app = new TimeBankApplication { SeedDemo = true };
        _ = app.Server;

        await using var db = await app.Services.GetRequiredService<IDbContextFactory<TimeBankDbContext>>().CreateDbContextAsync();
        var reversal = await db.Set<LedgerEntry>().AsNoTracking().SingleAsync(e => e.ReversesSequence != null);
        var settled = await db.Exchanges.AsNoTracking().SingleAsync(e => e.SettlementEntrySequence == reversal.ReversesSequence);
        Assert.Equal(ExchangeStatus.Settled, settled.Status);
        Assert.StartsWith("Recorded twice by mistake", reversal.Memo, StringComparison.Ordinal);
        var close = await db.Set<LedgerPeriodClose>().AsNoTracking().SingleAsync();
        // The books close right after the reversal; only the collective action seeded after them is later.
        Assert.Equal(reversal.Sequence, close.LastSequence);
        Assert.All(await db.Set<LedgerEntry>().AsNoTracking().Where(e => e.Sequence > close.LastSequence).ToListAsync(),
            e => Assert.Contains(e.CauseType, new[] { "challenge", "community", "exchange" }));
        Assert.Equal(["entry.reverse", "period.close"],
            await db.AuditRecords.Where(r => r.Action == "entry.reverse" || r.Action == "period.close").OrderBy(r => r.Id).Select(r => r.Action).ToListAsync());
        Assert.Empty(await db.ReconcileLedgerAsync());

        var auditor = await app.GraphQLAsync("mutation { login(input: { email: \"auditor@demo.timebank.local\", password: \"tb-auditor-demo-2026\" }) { accessToken errors { code } } }");
        var token = (string)auditor["data"]!["login"]!["accessToken"]!;
        var community = await db.Communities.AsNoTracking().SingleAsync(c => c.Slug == "demo");
        var trail = await app.GraphQLAsync("query($id: ID!) { auditTrail(communityId: $id, filter: { actions: [\"entry.reverse\"] }) { nodes { reason } } }",
            new { id = TimeBank.GraphQL.Relay.GlobalId.Encode("Community", community.Id) }, token);
        Assert.StartsWith("Recorded twice by mistake", (string?)trail["data"]!["auditTrail"]!["nodes"]![0]!["reason"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task GivesTheCommunityAnOpenAndAnAchievedChallengeAndAWorkshop()
    {
        await using var app = new TimeBankApplication { SeedDemo = true };
        _ = app.Server;

        await using var db = await app.Services.GetRequiredService<IDbContextFactory<TimeBankDbContext>>().CreateDbContextAsync();
        var challenges = await db.Challenges.AsNoTracking().ToListAsync();
        Assert.Equal([ChallengeStatus.Open, ChallengeStatus.Achieved], challenges.OrderBy(c => c.Id).Select(c => c.Status));
        var open = challenges.Single(c => c.Status == ChallengeStatus.Open);
        Assert.Equal(2, await db.ChallengePledges.CountAsync(p => p.ChallengeId == open.Id && p.Status == PledgeStatus.Active));
        Assert.Equal([ContributionStatus.Verified, ContributionStatus.Rejected],
            await db.ChallengeContributions.Where(c => c.ChallengeId == open.Id).OrderBy(c => c.Id).Select(c => c.Status).ToListAsync());
        // 30 donated by Maria and 20 granted from Hana's gift to the fund, less the 30 paid to Tom for the raised bed.
        var pool = await db.Set<LedgerAccount>().AsNoTracking().SingleAsync(a => a.Id == open.PoolAccountId);
        Assert.Equal(20, pool.BalanceMinutes);
        var workshop = await db.GroupExchanges.AsNoTracking().SingleAsync();
        Assert.Equal([ExchangeStatus.Completed, ExchangeStatus.Settled, ExchangeStatus.Declined],
            (await db.Exchanges.Where(e => e.GroupExchangeId == workshop.Id).Select(e => e.Status).ToListAsync()).Order());
        Assert.Empty(await db.ReconcileLedgerAsync());
    }

    [Fact]
    public async Task TheSeededBooksReconcileAndTheirChainVerifiesAfterTheCollectiveAction()
    {
        await using var app = new TimeBankApplication { SeedDemo = true };
        _ = app.Server;

        await using var db = await app.Services.GetRequiredService<IDbContextFactory<TimeBankDbContext>>().CreateDbContextAsync();
        var community = await db.Communities.AsNoTracking().SingleAsync(c => c.Slug == "demo");
        var close = await db.Set<LedgerPeriodClose>().AsNoTracking().SingleAsync();
        // The pools open in the millisecond of the close on the test's frozen clock: they must still date after it.
        var pools = await db.Challenges.AsNoTracking().Where(c => c.PoolAccountId != null).Select(c => c.PoolAccountId!.Value).ToListAsync();
        Assert.NotEmpty(pools);
        Assert.All(await db.Set<LedgerAccount>().AsNoTracking().Where(a => pools.Contains(a.Id)).ToListAsync(),
            pool => Assert.True(pool.OpenedAt > close.EndsAt, $"pool {pool.Id} opened at {pool.OpenedAt:O}, the books closed at {close.EndsAt:O}"));

        var reconciliation = await db.ReconcileLedgerGroupAsync(community.LedgerGroup);
        Assert.Empty(reconciliation.Discrepancies);
        Assert.Equal(1, reconciliation.PeriodClosesChecked);
        var verification = await db.VerifyLedgerGroupChainAsync(community.LedgerGroup);
        Assert.True(verification.IsValid, verification.Reason);
        Assert.Equal(reconciliation.Head, verification.Head);
    }
}
