using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TimeBank.Api.Data;
using TimeBank.Api.Tests.Infrastructure;
using TimeBank.Ledger.Model;
using TimeBank.Ledger.Writes;

namespace TimeBank.Api.Tests.Features.Audit;

/// <summary>
/// The community of <see cref="EvidencePackTests"/>, seeded once: thousands of entries, exchanges over the API and the
/// bulk through the ledger writer (transfers across members, grants, reversals, holds left pending), a limit change by a
/// policy update, and a closed period with entries after it. "audrey" is its auditor.
/// </summary>
public sealed class EvidencePackFixture : IAsyncLifetime
{
    public TimeBankApplication App { get; } = new();

    public TestCommunity Riverside { get; private set; } = null!;

    /// <summary>The community's ledger group.</summary>
    public string Group { get; private set; } = "";

    /// <summary>Where the tests save what they download.</summary>
    public string Folder { get; private set; } = "";

    public async Task InitializeAsync()
    {
        App.UseKestrel(ApiProcess.FreePort());
        App.StartServer();
        Folder = Path.Combine(App.DataDirectory, "downloads");
        Directory.CreateDirectory(Folder);
        var admin = await App.RegisterAsync(TimeBankApplication.AdminEmail);
        Riverside = await TestCommunity.CreateAsync(App, admin, "riverside", "maria", "tom", "sam", "lea", "ines", "rui", "audrey");
        TestCommunity.Ok(await App.GraphQLAsync(
            "mutation($input: SetMemberRolesInput!) { setMemberRoles(input: $input) { errors { code message } } }",
            new { input = new { memberId = Riverside.People["audrey"].MemberId, coordinator = false, auditor = true } }, admin), "setMemberRoles");
        await SeedAsync();
    }

    public async Task DisposeAsync() => await App.DisposeAsync();

    private async Task SeedAsync()
    {
        // Over the API: settled exchanges and a policy change that gives every account new limits.
        foreach (var (receiver, provider, minutes) in new[] { ("maria", "tom", 45), ("sam", "lea", 30), ("ines", "rui", 90), ("tom", "maria", 20) })
        {
            var exchange = (string)(await Riverside.OkAsync(App, receiver, "proposeExchange",
                new { counterpartMemberId = Riverside.People[provider].MemberId, myRole = "RECEIVER", minutes }, "exchange { id }"))["exchange"]!["id"]!;
            await Riverside.OkAsync(App, provider, "acceptExchange", new { exchangeId = exchange });
            await Riverside.OkAsync(App, provider, "completeExchange", new { exchangeId = exchange, minutes, note = "done" });
            await Riverside.OkAsync(App, receiver, "acknowledgeExchange", new { exchangeId = exchange });
        }
        await Riverside.OkAsync(App, "coordinator", "updateCommunityPolicy", new { communityId = Riverside.Id, policy = new { floorMinutes = -900 } });

        // The bulk through the ledger writer, as the API's own use cases write.
        await using var db = await App.Services.GetRequiredService<IDbContextFactory<TimeBankDbContext>>().CreateDbContextAsync();
        var community = await db.Communities.AsNoTracking().SingleAsync(c => c.Slug == "riverside");
        Group = community.LedgerGroup;
        var members = await db.Members.AsNoTracking().Where(m => m.CommunityId == community.Id && m.AccountId != null)
            .Select(m => m.AccountId!.Value).ToListAsync();
        var writer = App.Services.GetRequiredService<LedgerWriter<TimeBankDbContext>>();
        var random = new Random(2026);
        var entries = new List<long>();
        async Task BatchAsync(int count, string prefix)
        {
            for (var done = 0; done < count; done += 100)
            {
                var commands = Enumerable.Range(done, 100).Select(i =>
                {
                    var debit = members[random.Next(members.Count)];
                    var credit = members[(members.IndexOf(debit) + 1 + random.Next(members.Count - 1)) % members.Count];
                    return (LedgerCommand)(random.Next(20) switch
                    {
                        0 => new PlaceHold(debit, credit, random.Next(1, 20)) { IdempotencyKey = $"{prefix}-{i}", ActorId = "seed" },
                        1 when entries.Count > 0 => new ReverseEntry(entries[random.Next(entries.Count)]) { IdempotencyKey = $"{prefix}-{i}", ActorId = "seed" },
                        2 => Transfer.Between(community.IssuanceAccountId, debit, 30, $"{prefix}-{i}", "seed", EntryKind.Grant),
                        _ => Transfer.Between(debit, credit, random.Next(1, 60), $"{prefix}-{i}", "seed") with { Memo = i % 7 == 0 ? "garden, \"weeding\"" : null },
                    });
                }).ToList();
                foreach (var result in await Task.WhenAll(commands.Select(c => writer.SubmitAsync(c))))
                {
                    if (result.EntrySequence is { } sequence)
                    {
                        entries.Add(sequence);
                    }
                }
                App.Clock.Advance(TimeSpan.FromMinutes(1));
            }
        }
        await BatchAsync(2500, "before");
        App.Clock.Advance(TimeSpan.FromHours(1));
        var close = await writer.SubmitAsync(new ClosePeriod(Group, App.Clock.GetUtcNow()) { IdempotencyKey = "close-1", ActorId = "seed" });
        Assert.Equal(LedgerStatus.Ok, close.Status);
        App.Clock.Advance(TimeSpan.FromHours(1));
        await BatchAsync(1000, "after");
        // Sessions outlive the seeding's clock: sign the downloaders in again.
        await Riverside.SignInAgainAsync(App, "audrey");
        await Riverside.SignInAgainAsync(App, "coordinator");
    }
}
