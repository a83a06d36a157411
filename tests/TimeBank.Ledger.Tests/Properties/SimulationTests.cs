using Microsoft.EntityFrameworkCore;
using TimeBank.Ledger.Model;
using TimeBank.Ledger.Tests.Infrastructure;
using TimeBank.Ledger.Writes;
using Xunit.Abstractions;

namespace TimeBank.Ledger.Tests.Properties;

/// <summary>
/// A seeded random workload (transfers, holds, posts, voids, expiries, reversals, invalid commands and
/// retries with the same keys) run against the ledger and the in-memory <see cref="BookModel"/>, compared
/// after every step. Set LEDGER_SIMULATION_SEED to replay a failure.
/// </summary>
public sealed class SimulationTests(ITestOutputHelper output)
{
    private const int Operations = 10_000;
    private const int DefaultSeed = 20261125;

    [Fact]
    public async Task LedgerAgreesWithTheModelAfterEveryStep()
    {
        var seed = int.TryParse(Environment.GetEnvironmentVariable("LEDGER_SIMULATION_SEED"), out var chosen) ? chosen : DefaultSeed;
        output.WriteLine($"simulation seed {seed}");
        await using var db = await LedgerDatabase.CreateAsync(preferMemoryBackedFolder: true);
        var step = 0;
        try
        {
            var statuses = await RunAsync(db, new Random(seed), () => step++);
            output.WriteLine(string.Join(", ", statuses.OrderByDescending(s => s.Value).Select(s => $"{s.Key}: {s.Value}")));
        }
        catch (Exception ex)
        {
            throw new InvalidOperationException($"simulation failed at step {step} with seed {seed} (rerun with LEDGER_SIMULATION_SEED={seed})", ex);
        }
    }

    private static async Task<Dictionary<LedgerStatus, int>> RunAsync(LedgerDatabase db, Random random, Action advance)
    {
        var model = new BookModel { NowUnixMs = db.Clock.GetUtcNow().ToUnixTimeMilliseconds() };
        var accountIds = new List<long>();
        // An unbounded issuance account plus members with tight limits, so floors and ceilings are hit often.
        accountIds.Add(await db.OpenAccountAsync("issuance", null, null, AccountKind.Issuance));
        model.Accounts[accountIds[0]] = new BookModel.Account(null, null);
        for (var i = 1; i < 8; i++)
        {
            // Wide limits for most members, one tight floor and one low ceiling, so both are hit now and then.
            var floor = i == 1 ? -60 : -random.Next(300, 900);
            var ceiling = i == 2 ? 150 : random.Next(600, 1500);
            accountIds.Add(await db.OpenAccountAsync($"member-{i}", floor, ceiling));
            model.Accounts[accountIds[i]] = new BookModel.Account(floor, ceiling);
        }

        var submitted = new List<LedgerCommand>();
        var statuses = new Dictionary<LedgerStatus, int>();
        for (var i = 0; i < Operations; i++)
        {
            advance();
            if (random.Next(20) == 0)
            {
                db.Clock.Advance(TimeSpan.FromMinutes(random.Next(1, 120)));
                model.NowUnixMs = db.Clock.GetUtcNow().ToUnixTimeMilliseconds();
            }

            var command = NextCommand(random, db, model, accountIds, submitted);
            submitted.Add(command);
            var expected = model.Execute(command);
            var actual = await db.SubmitAsync(command);

            Assert.Equal(
                (expected.Status, expected.IsReplay, expected.EntrySequence, expected.HoldId, expected.AffectedCount),
                (actual.Status, actual.IsReplay, actual.EntrySequence, actual.HoldId, actual.AffectedCount));
            statuses[actual.Status] = statuses.GetValueOrDefault(actual.Status) + 1;
            await AssertSameTotalsAsync(db, model);
        }

        // The workload must actually reach the interesting paths, or the simulation proves little.
        foreach (var status in new[] { LedgerStatus.Ok, LedgerStatus.ExceedsFloor, LedgerStatus.ExceedsCeiling, LedgerStatus.IdempotencyConflict,
                     LedgerStatus.AlreadyReversed, LedgerStatus.HoldNotPending, LedgerStatus.HoldExpired, LedgerStatus.InvalidAmount })
        {
            Assert.True(statuses.GetValueOrDefault(status) > 0, $"the workload never produced {status}");
        }
        await db.AssertReconciledAsync();
        return statuses;
    }

    private static LedgerCommand NextCommand(Random random, LedgerDatabase db, BookModel model, List<long> accountIds, List<LedgerCommand> submitted)
    {
        long Member() => accountIds[1 + random.Next(accountIds.Count - 1)];
        long OtherMember(long accountId) => accountIds.Skip(1).Where(a => a != accountId).ElementAt(random.Next(accountIds.Count - 2));
        // About 1 in 100 amounts is invalid (zero or negative).
        long Minutes() => random.Next(100) == 0 ? -random.Next(0, 10) : random.Next(1, 120);
        T Envelope<T>(T command) where T : LedgerCommand => command with { IdempotencyKey = db.NextKey("sim"), ActorId = "sim" };

        var roll = random.Next(100);
        if (roll < 8 && submitted.Count > 0)
        {
            // A retry: the network lost the answer, the caller sends the very same command again.
            return submitted[random.Next(Math.Max(0, submitted.Count - 50), submitted.Count)];
        }
        if (roll < 10 && submitted.Count > 0)
        {
            // A buggy caller reuses a key for something else.
            return submitted[random.Next(Math.Max(0, submitted.Count - 50), submitted.Count)] with { Memo = $"other {random.Next()}" };
        }
        if (roll < 50)
        {
            // Issuance both grants and takes back, so members' balances wander between their limits.
            var debit = random.Next(20) == 0 ? accountIds[0] : Member();
            var credit = debit != accountIds[0] && random.Next(20) == 0 ? accountIds[0] : OtherMember(debit);
            if (random.Next(12) == 0)
            {
                var third = accountIds.Where(a => a != debit && a != credit).ElementAt(random.Next(accountIds.Count - 2));
                var minutes = random.Next(2, 120);
                return Envelope(new Transfer(EntryKind.Exchange,
                    [PostingLine.Debit(debit, minutes), PostingLine.Credit(credit, minutes / 2), PostingLine.Credit(third, minutes - (minutes / 2))])
                { IdempotencyKey = "", ActorId = "" });
            }
            return Envelope(Transfer.Between(debit, random.Next(100) == 0 ? 9999 : credit, Minutes(), "", ""));
        }

        var pendingHolds = model.Holds.Values.Where(h => h.Status == HoldStatus.Pending).ToList();
        BookModel.Hold? PendingHold() => pendingHolds.Count > 0 && random.Next(50) > 0 ? pendingHolds[random.Next(pendingHolds.Count)] : null;
        long StrayHoldId() => random.Next(1, model.Holds.Count + 3);
        if (roll < 67)
        {
            DateTimeOffset? expires = random.Next(4) == 0 ? db.Clock.GetUtcNow().AddMinutes(random.Next(1, 240)) : null;
            var debit = Member();
            return Envelope(new PlaceHold(debit, OtherMember(debit), Minutes(), expires) { IdempotencyKey = "", ActorId = "" });
        }
        if (roll < 81)
        {
            var hold = PendingHold();
            long? amount = hold is null || random.Next(3) == 0 ? null
                : random.Next(25) == 0 ? hold.AmountMinutes + 1 // more than held
                : random.Next(1, (int)hold.AmountMinutes + 1);
            return Envelope(new PostHold(hold?.Id ?? StrayHoldId(), amount) { IdempotencyKey = "", ActorId = "" });
        }
        if (roll < 88)
        {
            return Envelope(new VoidHold(PendingHold()?.Id ?? StrayHoldId()) { IdempotencyKey = "", ActorId = "" });
        }
        if (roll < 90)
        {
            return Envelope(new ExpireHolds { IdempotencyKey = "", ActorId = "" });
        }
        // Mostly entries that exist; some were reversed already and a few do not exist.
        return Envelope(new ReverseEntry(random.Next(50) == 0 ? model.EntryCount + 1 : random.Next(1, Math.Max(2, model.EntryCount + 1))) { IdempotencyKey = "", ActorId = "" });
    }

    private static async Task AssertSameTotalsAsync(LedgerDatabase db, BookModel model)
    {
        await using var context = db.CreateContext();
        var stored = await context.Set<LedgerAccount>().AsNoTracking()
            .Select(a => new { a.Id, a.DebitsPostedMinutes, a.CreditsPostedMinutes, a.DebitsPendingMinutes, a.CreditsPendingMinutes })
            .ToListAsync();
        foreach (var account in stored)
        {
            Assert.Equal(model.Accounts[account.Id].Totals,
                (account.DebitsPostedMinutes, account.CreditsPostedMinutes, account.DebitsPendingMinutes, account.CreditsPendingMinutes));
        }
    }
}
