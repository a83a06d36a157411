using TimeBank.Ledger.Model;
using TimeBank.Ledger.Tests.Infrastructure;
using TimeBank.Ledger.Writes;

namespace TimeBank.Ledger.Tests.Properties;

/// <summary>64 callers hammer 10 accounts that sit close to their floors, through two writers on one file.</summary>
public sealed class ConcurrencyTests : IAsyncLifetime
{
    private const int Callers = 64;
    private const int TransfersPerCaller = 40;
    private const long FloorMinutes = -100;

    private LedgerDatabase _db = null!;

    public async Task InitializeAsync() => _db = await LedgerDatabase.CreateAsync();

    public async Task DisposeAsync() => await _db.DisposeAsync();

    [Fact]
    public async Task NoFloorIsPassedAndEveryAcceptedTransferIsCounted()
    {
        var issuance = await _db.OpenAccountAsync("issuance", null, null, AccountKind.Issuance);
        var members = new List<long>();
        for (var i = 0; i < 10; i++)
        {
            var member = await _db.OpenAccountAsync($"member-{i}", FloorMinutes, null);
            // Start 10-20 minutes above the floor, so most callers compete for the last minutes.
            await _db.SubmitAsync(_db.Transfer(member, issuance, -FloorMinutes - 10 - i));
            members.Add(member);
        }
        var opening = new Dictionary<long, long>();
        foreach (var member in members)
        {
            opening[member] = (await _db.AccountAsync(member)).BalanceMinutes;
        }

        // A second writer on the same file stands in for a second API instance.
        await using var secondWriter = new LedgerWriter<TestLedgerContext>(_db.CreateContext, _db.Clock);
        var callers = Enumerable.Range(0, Callers).Select(caller => Task.Run(async () =>
        {
            var random = new Random(caller);
            var accepted = new List<(long Debit, long Credit, long Minutes)>();
            var writer = caller % 2 == 0 ? _db.Writer : secondWriter;
            for (var i = 0; i < TransfersPerCaller; i++)
            {
                var debit = members[random.Next(members.Count)];
                var credit = members[(members.IndexOf(debit) + 1 + random.Next(members.Count - 1)) % members.Count];
                var minutes = random.Next(1, 15);
                var result = await writer.SubmitAsync(_db.Transfer(debit, credit, minutes, $"c{caller}-{i}"));
                Assert.True(result.Status is LedgerStatus.Ok or LedgerStatus.ExceedsFloor, $"unexpected {result.Status}");
                if (result.Succeeded)
                {
                    accepted.Add((debit, credit, minutes));
                }
            }
            return accepted;
        })).ToList();
        var accepted = (await Task.WhenAll(callers)).SelectMany(a => a).ToList();

        var expected = new Dictionary<long, long>(opening);
        foreach (var (debit, credit, minutes) in accepted)
        {
            expected[debit] -= minutes;
            expected[credit] += minutes;
        }
        Assert.InRange(accepted.Count, 1, Callers * TransfersPerCaller - 1);
        await _db.AssertBalancesAsync([.. expected.Select(e => (e.Key, e.Value)), (issuance, -opening.Values.Sum())]);
        foreach (var member in members)
        {
            Assert.True((await _db.AccountAsync(member)).BalanceMinutes >= FloorMinutes);
        }
    }
}
