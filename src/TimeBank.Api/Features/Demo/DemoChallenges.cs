using Microsoft.EntityFrameworkCore;
using TimeBank.Api.Data;
using TimeBank.Api.Features.Challenges;
using TimeBank.Api.Features.Challenges.Contributions;
using TimeBank.Api.Features.Challenges.Pledges;
using TimeBank.Api.Features.Challenges.Pool;
using TimeBank.Api.Features.Exchanges;
using TimeBank.Api.Features.GroupExchanges;
using TimeBank.Api.Schema;
using TimeBank.Ledger.Writes;

namespace TimeBank.Api.Features.Demo;

/// <summary>
/// The demo's collective action: an open challenge with pledges, donations, a grant, a verified and a rejected
/// contribution; an achieved one; and a cooking workshop given to three members as a group exchange. Made through the
/// same use cases a client calls, after the books were closed; runs while the community has no challenge, so a restart
/// adds nothing.
/// </summary>
internal static class DemoChallenges
{
    public static async Task SeedAsync(IDbContextFactory<TimeBankDbContext> contexts, LedgerWriter<TimeBankDbContext> ledger, TimeProvider clock, CancellationToken ct)
    {
        long communityId;
        Dictionary<string, (Caller Caller, long MemberId)> people;
        Dictionary<string, long> categories;
        await using (var db = await contexts.CreateDbContextAsync(ct))
        {
            var community = await db.Communities.AsNoTracking().SingleAsync(c => c.Slug == DemoSeeder.Slug, ct);
            if (await db.Challenges.AnyAsync(c => c.CommunityId == community.Id, ct))
            {
                return;
            }
            communityId = community.Id;
            people = (await db.Members.AsNoTracking()
                .Where(m => m.CommunityId == community.Id)
                .Join(db.Users, m => m.UserId, u => u.Id, (m, u) => new { u.Email, u.IsAdmin, m.UserId, MemberId = m.Id })
                .ToListAsync(ct))
                .ToDictionary(x => (x.Email ?? "").Split('@')[0], x => (new Caller(x.UserId, x.IsAdmin), x.MemberId));
            categories = await db.Categories.AsNoTracking().Where(c => c.CommunityId == community.Id).ToDictionaryAsync(c => c.Slug, c => c.Id, ct);
        }
        var coordinator = people["coordinator"].Caller;
        Caller Who(string name) => people[name].Caller;
        ChallengeRun Run(TimeBankDbContext db) => new(db, ledger, clock, ct);
        PoolRun Pool(TimeBankDbContext db) => new(db, ledger, clock, ct);

        // Sam leads a community garden for the Riverside estate: proposed, approved (its pool opens), funded and worked on.
        var garden = Must(await RunAsync(contexts, db => ProposeChallenge.ExecuteAsync(new ProposeChallengeInput(communityId, "Riverside community garden",
            [new(categories["gardening"], 600), new(categories["diy"], 240)],
            "Turn the empty lot behind the Riverside flats into raised beds everyone can grow in.", clock.GetUtcNow().UtcDateTime.AddDays(60), "Riverside"),
            Who("sam"), db, clock, ct)));
        Must(await RunAsync(contexts, db => ApproveChallenge.ExecuteAsync(new ApproveChallengeInput(garden.Id), coordinator, Run(db))));
        Must(await RunAsync(contexts, db => PledgeToChallenge.ExecuteAsync(new PledgeToChallengeInput(garden.Id, categories["gardening"], 180), Who("eva"), db, clock, ct)));
        Must(await RunAsync(contexts, db => PledgeToChallenge.ExecuteAsync(new PledgeToChallengeInput(garden.Id, categories["diy"], 120), Who("tom"), db, clock, ct)));
        Must(await RunAsync(contexts, db => DonateToChallenge.ExecuteAsync(new DonateToChallengeInput(garden.Id, 30, IdempotencyKey: "demo-garden-maria"), Who("maria"), Pool(db))));
        Must(await RunAsync(contexts, db => DonateToFund.ExecuteAsync(new DonateToFundInput(communityId, 20, IdempotencyKey: "demo-fund-hana"), Who("hana"), Pool(db))));
        Must(await RunAsync(contexts, db => GrantFromFund.ExecuteAsync(new GrantFromFundInput(garden.Id, 20, "demo-garden-grant"), coordinator, Pool(db))));
        var beds = Must(await RunAsync(contexts, db => LogContribution.ExecuteAsync(
            new LogContributionInput(garden.Id, categories["diy"], 30, "Built the first raised bed."), Who("tom"), db, clock, ct)));
        Must(await RunAsync(contexts, db => VerifyContribution.ExecuteAsync(new VerifyContributionInput(beds.Id), Who("sam"), db, ledger, clock, ct)));
        var unclear = Must(await RunAsync(contexts, db => LogContribution.ExecuteAsync(
            new LogContributionInput(garden.Id, categories["gardening"], 60, "Weeding."), Who("eva"), db, clock, ct)));
        Must(await RunAsync(contexts, db => RejectContribution.ExecuteAsync(
            new RejectContributionInput(unclear.Id, "That was the allotment, not the garden: log it as an exchange with Sam."), Who("sam"), db, clock, ct)));

        // George's winter soup kitchen met its goal.
        var soup = Must(await RunAsync(contexts, db => ProposeChallenge.ExecuteAsync(new ProposeChallengeInput(communityId, "Winter soup kitchen",
            [new(categories["cooking"], 120)], "Hot soup on Saturdays in the Harbour hall through the cold weeks.", Neighbourhood: "Harbour"),
            Who("george"), db, clock, ct)));
        Must(await RunAsync(contexts, db => ApproveChallenge.ExecuteAsync(new ApproveChallengeInput(soup.Id), coordinator, Run(db))));
        Must(await RunAsync(contexts, db => DonateToChallenge.ExecuteAsync(new DonateToChallengeInput(soup.Id, 30, IdempotencyKey: "demo-soup-raj"), Who("raj"), Pool(db))));
        var cooked = Must(await RunAsync(contexts, db => LogContribution.ExecuteAsync(
            new LogContributionInput(soup.Id, categories["cooking"], 30, "Cooked the first Saturday's soup."), Who("maria"), db, clock, ct)));
        Must(await RunAsync(contexts, db => VerifyContribution.ExecuteAsync(new VerifyContributionInput(cooked.Id), Who("george"), db, ledger, clock, ct)));
        Must(await RunAsync(contexts, db => MarkChallengeAchieved.ExecuteAsync(new MarkChallengeAchievedInput(soup.Id), Who("george"), Run(db))));

        // Fatima's sewing workshop for three members: one declines, two accept, she completes, one acknowledges.
        var workshop = Must(await RunAsync(contexts, db => ProposeGroupExchange.ExecuteAsync(new ProposeGroupExchangeInput(communityId,
            "Sewing workshop: mending and hemming", [new(people["noor"].MemberId, 60), new(people["greta"].MemberId, 60), new(people["aisha"].MemberId, 60)]),
            Who("fatima"), db, clock, ct)));
        var shares = await RunAsync(contexts, db => db.Exchanges.AsNoTracking().Where(e => e.GroupExchangeId == workshop.Id)
            .ToDictionaryAsync(e => e.ReceiverMemberId, e => e.Id, ct));
        Must(await RunAsync(contexts, db => AcceptExchange.ExecuteAsync(new AcceptExchangeInput(shares[people["noor"].MemberId]), Who("noor"), db, ledger, clock, ct)));
        Must(await RunAsync(contexts, db => AcceptExchange.ExecuteAsync(new AcceptExchangeInput(shares[people["greta"].MemberId]), Who("greta"), db, ledger, clock, ct)));
        Must(await RunAsync(contexts, db => DeclineExchange.ExecuteAsync(new DeclineExchangeInput(shares[people["aisha"].MemberId], "On nights that week."), Who("aisha"), db, clock, ct)));
        Must(await RunAsync(contexts, db => CompleteGroupExchange.ExecuteAsync(new CompleteGroupExchangeInput(workshop.Id), Who("fatima"), db, clock, ct)));
        Must(await RunAsync(contexts, db => AcknowledgeExchange.ExecuteAsync(
            new AcknowledgeExchangeInput(shares[people["noor"].MemberId], "My coat has buttons again!"), Who("noor"), db, ledger, clock, ct)));
    }

    private static async Task<T> RunAsync<T>(IDbContextFactory<TimeBankDbContext> contexts, Func<TimeBankDbContext, Task<T>> step)
    {
        await using var db = await contexts.CreateDbContextAsync();
        return await step(db);
    }

    private static T Must<T>(Outcome<T> outcome) =>
        outcome.Succeeded ? outcome.Value! : throw new InvalidOperationException($"demo collective action: {outcome.Code} {outcome.Message}");
}
