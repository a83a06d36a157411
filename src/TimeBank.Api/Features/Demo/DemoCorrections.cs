using Microsoft.EntityFrameworkCore;
using TimeBank.Api.Data;
using TimeBank.Api.Features.Audit;
using TimeBank.Api.Features.Exchanges;
using TimeBank.Api.Schema;
using TimeBank.Ledger.Model;
using TimeBank.Ledger.Writes;

namespace TimeBank.Api.Features.Demo;

/// <summary>
/// What the demo's auditor finds besides ordinary exchanges: a settlement recorded by mistake and reversed by the
/// coordinator with a reason, and the books closed after all of the seeded history. Made through the same use cases a
/// client calls, after the exchanges; runs while the community has no closed period, so a restart adds nothing.
/// </summary>
internal static class DemoCorrections
{
    public static async Task SeedAsync(IDbContextFactory<TimeBankDbContext> contexts, LedgerWriter<TimeBankDbContext> ledger, TimeProvider clock, CancellationToken ct)
    {
        long communityId;
        Caller coordinator, olu;
        long hana;
        await using (var db = await contexts.CreateDbContextAsync(ct))
        {
            var community = await db.Communities.AsNoTracking().SingleAsync(c => c.Slug == DemoSeeder.Slug, ct);
            if (await db.Set<LedgerPeriodClose>().AnyAsync(c => c.LedgerGroup == community.LedgerGroup, ct))
            {
                return;
            }
            var people = await db.Members.AsNoTracking()
                .Where(m => m.CommunityId == community.Id)
                .Join(db.Users, m => m.UserId, u => u.Id, (m, u) => new { u.Email, u.IsAdmin, m.UserId, MemberId = m.Id })
                .ToDictionaryAsync(x => (x.Email ?? "").Split('@', StringSplitOptions.None)[0], ct);
            communityId = community.Id;
            coordinator = new Caller(people["coordinator"].UserId, people["coordinator"].IsAdmin);
            olu = new Caller(people["olu"].UserId, people["olu"].IsAdmin);
            hana = people["hana"].MemberId;
        }

        // Olu records a piano lesson Hana already settled with him: the coordinator reverses the second settlement.
        var recorded = Must(await RunAsync(contexts, db => RecordExchange.ExecuteAsync(
            new RecordExchangeInput(hana, 45, "Piano lesson (recorded twice)"), olu, db, ledger, clock, ct)));
        Must(await RunAsync(contexts, db => Audit.ReverseEntry.ExecuteAsync(
            new ReverseEntryInput(recorded.SettlementEntrySequence!.Value, "Recorded twice by mistake: the lesson was settled already."),
            coordinator, db, ledger, clock, ct)));

        // The books close after everything above.
        Must(await RunAsync(contexts, db => Audit.ClosePeriod.ExecuteAsync(new ClosePeriodInput(communityId, clock.GetUtcNow().UtcDateTime), coordinator, db, ledger, clock, ct)));
    }

    private static async Task<Outcome<T>> RunAsync<T>(IDbContextFactory<TimeBankDbContext> contexts, Func<TimeBankDbContext, Task<Outcome<T>>> step)
    {
        await using var db = await contexts.CreateDbContextAsync();
        return await step(db);
    }

    private static T Must<T>(Outcome<T> outcome) =>
        outcome.Succeeded ? outcome.Value! : throw new InvalidOperationException($"demo correction: {outcome.Code} {outcome.Message}");
}
