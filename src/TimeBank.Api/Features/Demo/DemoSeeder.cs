using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using TimeBank.Api.Data;
using TimeBank.Api.Data.Entities;
using TimeBank.Api.Features.Communities;
using TimeBank.Api.Features.Identity;
using TimeBank.Api.Features.Members;
using TimeBank.Api.Schema;
using TimeBank.Ledger.Writes;

namespace TimeBank.Api.Features.Demo;

/// <summary>
/// Loads the demo community through the same use cases a client calls, so every rule holds for it too,
/// and prints the logins. Runs at start when <c>TimeBank:SeedDemo</c> is true (<c>--seed-demo</c>);
/// a second run finds the community and only prints the logins again.
/// </summary>
internal sealed class DemoSeeder(
    IDbContextFactory<TimeBankDbContext> contexts, LedgerWriter<TimeBankDbContext> ledger, IPasswordHasher<User> hasher,
    SessionIssuer sessions, TimeProvider clock) : IHostedLifecycleService
{
    public const string Slug = "demo";

    public async Task StartingAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        if (!await db.Communities.AnyAsync(c => c.Slug == Slug, cancellationToken))
        {
            await SeedAsync(cancellationToken);
        }
        await DemoExchanges.SeedAsync(contexts, ledger, clock, cancellationToken);
        await DemoCorrections.SeedAsync(contexts, ledger, clock, cancellationToken);
        await DemoChallenges.SeedAsync(contexts, ledger, clock, cancellationToken);
        PrintLogins();
    }

    private async Task SeedAsync(CancellationToken ct)
    {
        var callers = new Dictionary<string, Caller>();
        foreach (var person in DemoPeople.All)
        {
            await using var db = await contexts.CreateDbContextAsync(ct);
            var registered = await Register.ExecuteAsync(new RegisterInput(person.Email, PasswordOf(person)), db, hasher, sessions, clock, ct);
            var user = registered.Value?.User ?? throw new InvalidOperationException($"demo user {person.Email}: {registered.Message}");
            user.IsAdmin = person.IsAdmin;
            await db.SaveChangesAsync(ct);
            callers[person.Email] = new Caller(user.Id, person.IsAdmin);
        }
        var admin = callers[DemoPeople.All[0].Email];

        Community community;
        await using (var db = await contexts.CreateDbContextAsync(ct))
        {
            var created = await CreateCommunity.ExecuteAsync(
                new CreateCommunityInput(Slug, "Demo Time Bank", "Europe/London", new PolicyInput(JoiningGrantMinutes: 120)), admin, db, ledger, clock, ct);
            community = created.Value ?? throw new InvalidOperationException("demo community: " + created.Message);
        }

        foreach (var person in DemoPeople.All.Where(p => !p.IsAdmin))
        {
            var self = callers[person.Email];
            var member = Must(await WithContextAsync(db => JoinCommunity.ExecuteAsync(
                new JoinCommunityInput(community.Id, person.DisplayName, person.Neighbourhood, person.Bio), self, db, ledger, clock, ct)), person);
            var categories = await WithContextAsync(db => db.Categories
                .Where(c => c.CommunityId == community.Id && person.SkillCategories.Contains(c.Slug)).Select(c => c.Id).ToListAsync(ct));
            Must(await WithContextAsync(db => UpdateProfile.ExecuteAsync(new UpdateProfileInput(member.Id, SkillCategoryIds: categories), self, db, clock, ct)), person);
            if (person.Status is MemberStatus.Active or MemberStatus.Suspended)
            {
                Must(await WithContextAsync(db => ApproveMember.ExecuteAsync(new ApproveMemberInput(member.Id), admin, db, ledger, clock, ct)), person);
            }
            if (person.Roles != MemberRoles.Member)
            {
                Must(await WithContextAsync(db => SetMemberRoles.ExecuteAsync(new SetMemberRolesInput(member.Id,
                    person.Roles.HasFlag(MemberRoles.Coordinator), person.Roles.HasFlag(MemberRoles.Auditor)), admin, db, clock, ct)), person);
            }
            if (person.Status == MemberStatus.Suspended)
            {
                Must(await WithContextAsync(db => SuspendMember.ExecuteAsync(
                    new SuspendMemberInput(member.Id, "demo: a suspended member"), admin, db, clock, ct)), person);
            }
        }
        await DemoListings.SeedAsync(community.Id, callers, contexts, clock, ct);
    }

    /// <summary>Each step gets a context of its own, as each mutation does over the API.</summary>
    private async Task<T> WithContextAsync<T>(Func<TimeBankDbContext, Task<T>> step)
    {
        await using var db = await contexts.CreateDbContextAsync();
        return await step(db);
    }

    private static Member Must(Outcome<Member> outcome, DemoPerson person) =>
        outcome.Value ?? throw new InvalidOperationException($"demo member {person.Email}: {outcome.Code} {outcome.Message}");

    private static void PrintLogins()
    {
        Console.WriteLine($"Demo community '{Slug}' is loaded. Logins (demo only; every password is printed here):");
        foreach (var person in DemoPeople.All)
        {
            var role = person.IsAdmin ? "ADMIN" : $"{person.Roles.ToString().ToUpperInvariant()}, {person.Status.ToString().ToUpperInvariant()}";
            Console.WriteLine($"  {person.Email,-36} {PasswordOf(person),-28} {person.DisplayName} ({role})");
        }
    }

    /// <summary>Demo passwords follow from the email so a second run can print them again; never use this outside a demo.</summary>
    private static string PasswordOf(DemoPerson person) => "tb-" + person.Email.Split('@')[0] + "-demo-2026";

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
