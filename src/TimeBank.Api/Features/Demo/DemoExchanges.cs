using Microsoft.EntityFrameworkCore;
using TimeBank.Api.Data;
using TimeBank.Api.Data.Entities;
using TimeBank.Api.Features.Exchanges;
using TimeBank.Api.Schema;
using TimeBank.Ledger.Writes;

namespace TimeBank.Api.Features.Demo;

/// <summary>
/// Direct exchanges of the demo community in every state, made through the same use cases a client calls.
/// Runs when the community has no exchange yet, so it also fills a demo database made before exchanges existed.
/// </summary>
internal static class DemoExchanges
{
    public static async Task SeedAsync(IDbContextFactory<TimeBankDbContext> contexts, LedgerWriter<TimeBankDbContext> ledger, TimeProvider clock, CancellationToken ct)
    {
        Dictionary<string, (Caller Caller, long MemberId)> people;
        await using (var db = await contexts.CreateDbContextAsync(ct))
        {
            var community = await db.Communities.AsNoTracking().SingleAsync(c => c.Slug == DemoSeeder.Slug, ct);
            if (await db.Exchanges.AnyAsync(e => e.CommunityId == community.Id, ct))
            {
                return;
            }
            people = await db.Members.AsNoTracking()
                .Where(m => m.CommunityId == community.Id)
                .Join(db.Users, m => m.UserId, u => u.Id, (m, u) => new { u.Email, u.IsAdmin, m.UserId, MemberId = m.Id })
                .ToDictionaryAsync(x => (x.Email ?? "").Split('@', StringSplitOptions.None)[0], x => (new Caller(x.UserId, x.IsAdmin), x.MemberId), ct);
        }

        async Task<long> Propose(string receiver, string provider, int minutes, string description) =>
            Must(await Run(db => ProposeExchange.ExecuteAsync(
                new ProposeExchangeInput(people[provider].MemberId, ExchangeRole.Receiver, minutes, description), people[receiver].Caller, db, clock, ct))).Id;

        async Task Step(Func<TimeBankDbContext, Task<Outcome<Exchange>>> step) => Must(await Run(step));

        Task Accept(long id, string who) => Step(db => AcceptExchange.ExecuteAsync(new AcceptExchangeInput(id), people[who].Caller, db, ledger, clock, ct));
        Task Complete(long id, string who, int minutes, string note) =>
            Step(db => CompleteExchange.ExecuteAsync(new CompleteExchangeInput(id, minutes, note), people[who].Caller, db, clock, ct));
        Task Acknowledge(long id, string who) => Step(db => AcknowledgeExchange.ExecuteAsync(new AcknowledgeExchangeInput(id), people[who].Caller, db, ledger, clock, ct));

        // REQUESTED: waiting for Tom.
        await Propose("maria", "tom", 60, "Adjust the brakes on my bike");

        // DECLINED and CANCELLED.
        var declined = await Propose("olu", "hana", 45, "Piano lesson for my daughter");
        await Step(db => DeclineExchange.ExecuteAsync(new DeclineExchangeInput(declined, "Fully booked this month, sorry!"), people["hana"].Caller, db, clock, ct));
        var cancelled = await Propose("maria", "olu", 120, "Move a wardrobe");
        await Accept(cancelled, "olu");
        await Step(db => CancelExchange.ExecuteAsync(new CancelExchangeInput(cancelled, "My nephew did it after all."), people["maria"].Caller, db, ledger, clock, ct));

        // ACCEPTED: the minutes are held on Greta's account.
        var accepted = await Propose("greta", "li", 90, "Set up my new laptop and video calls");
        await Accept(accepted, "li");

        // COMPLETED: waiting for Eva to acknowledge (or for the auto-acknowledge job).
        var completed = await Propose("eva", "sam", 120, "Plant the spring bulbs");
        await Accept(completed, "sam");
        await Complete(completed, "sam", 105, "All in; water them on Sunday.");

        // DISPUTED: a coordinator has to decide.
        var disputed = await Propose("raj", "pablo", 240, "Paint the hallway");
        await Accept(disputed, "pablo");
        await Complete(disputed, "pablo", 240, "Two coats.");
        await Step(db => DisputeExchange.ExecuteAsync(new DisputeExchangeInput(disputed, "It took about three hours, not four."), people["raj"].Caller, db, clock, ct));

        // SETTLED: acknowledged with feedback both ways, resolved by a coordinator, and recorded directly.
        var settled = await Propose("noor", "george", 60, "Cook for the street party");
        await Accept(settled, "george");
        await Complete(settled, "george", 60, "Lentil stew for forty.");
        await Acknowledge(settled, "noor");
        await Step(db => LeaveFeedback.ExecuteAsync(new LeaveFeedbackInput(settled, 5, "Delicious, thank you!"), people["noor"].Caller, db, clock, ct));
        await Step(db => LeaveFeedback.ExecuteAsync(new LeaveFeedbackInput(settled, 5, "Lovely party."), people["george"].Caller, db, clock, ct));

        var resolved = await Propose("fatima", "tom", 90, "Fix the sewing machine table");
        await Accept(resolved, "tom");
        await Complete(resolved, "tom", 90, "New legs and screws.");
        await Step(db => DisputeExchange.ExecuteAsync(new DisputeExchangeInput(resolved, "One leg still wobbles."), people["fatima"].Caller, db, clock, ct));
        await Step(db => ResolveDispute.ExecuteAsync(new ResolveDisputeInput(resolved, 60, Note: "Agreed with both: an hour."), people["coordinator"].Caller, db, ledger, clock, ct));

        await Step(db => RecordExchange.ExecuteAsync(
            new RecordExchangeInput(people["aisha"].MemberId, 45, "Helped me fill in the benefits form"), people["maria"].Caller, db, ledger, clock, ct));

        async Task<Outcome<Exchange>> Run(Func<TimeBankDbContext, Task<Outcome<Exchange>>> step)
        {
            await using var db = await contexts.CreateDbContextAsync(ct);
            return await step(db);
        }
    }

    private static Exchange Must(Outcome<Exchange> outcome) =>
        outcome.Value ?? throw new InvalidOperationException($"demo exchange: {outcome.Code} {outcome.Message}");
}
