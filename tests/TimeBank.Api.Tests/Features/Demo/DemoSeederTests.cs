using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TimeBank.Api.Data;
using TimeBank.Api.Data.Entities;
using TimeBank.Api.Tests.Infrastructure;
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
}
