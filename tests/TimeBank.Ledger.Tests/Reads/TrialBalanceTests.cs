using TimeBank.Ledger.Model;
using TimeBank.Ledger.Reads;
using TimeBank.Ledger.Tests.Infrastructure;

namespace TimeBank.Ledger.Tests.Reads;

/// <summary>The trial balance of a group: per kind the debit and credit balances, in total zero, at any past time.</summary>
public sealed class TrialBalanceTests : IAsyncLifetime
{
    private LedgerDatabase _db = null!;
    private long _issuance, _fund, _alice, _bob;

    public async Task InitializeAsync()
    {
        _db = await LedgerDatabase.CreateAsync();
        _issuance = await _db.OpenAccountAsync("issuance", null, null, AccountKind.Issuance);
        _fund = await _db.OpenAccountAsync("fund", null, null, AccountKind.Fund);
        _alice = await _db.OpenAccountAsync("alice");
        _bob = await _db.OpenAccountAsync("bob");
    }

    public async Task DisposeAsync() => await _db.DisposeAsync();

    [Fact]
    public async Task SumsDebitAndCreditBalancesPerKindAndInTotalToZero()
    {
        await _db.FundAsync(_issuance, _alice, 60);
        await _db.FundAsync(_issuance, _bob, 60);
        await _db.SubmitAsync(_db.Transfer(_alice, _bob, 90));
        await _db.SubmitAsync(_db.Transfer(_bob, _fund, 10));

        await using var context = _db.CreateContext();
        var balance = await context.GetTrialBalanceAsync(LedgerDatabase.Group);

        // Alice -30 (a debit balance), Bob 140, the fund 10, issuance -120.
        Assert.Equal(
            [(AccountKind.Member, 2L, 30L, 140L, 110L), (AccountKind.Fund, 1L, 0L, 10L, 10L), (AccountKind.Pool, 0L, 0L, 0L, 0L), (AccountKind.Issuance, 1L, 120L, 0L, -120L)],
            balance.Kinds.Select(k => (k.Kind!.Value, k.Accounts, k.DebitBalanceMinutes, k.CreditBalanceMinutes, k.NetMinutes)));
        Assert.Equal((4L, 150L, 150L, 0L), (balance.Total.Accounts, balance.Total.DebitBalanceMinutes, balance.Total.CreditBalanceMinutes, balance.Total.NetMinutes));
        Assert.True(balance.IsBalanced);
        Assert.Null(balance.ThroughSequence);
    }

    [Fact]
    public async Task AsOfAPastTimeEqualsEachAccountsBalanceThen()
    {
        var start = _db.Clock.GetUtcNow();
        await _db.FundAsync(_issuance, _alice, 60);
        _db.Clock.Advance(TimeSpan.FromHours(1));
        await _db.SubmitAsync(_db.Transfer(_alice, _bob, 45));
        _db.Clock.Advance(TimeSpan.FromHours(1));
        var carol = await _db.OpenAccountAsync("carol");
        await _db.SubmitAsync(_db.Transfer(_bob, carol, 5));

        await using var context = _db.CreateContext();
        foreach (var at in new[] { start.AddMinutes(-1), start, start.AddMinutes(30), start.AddHours(1), start.AddHours(2), start.AddDays(1) })
        {
            var balance = await context.GetTrialBalanceAsync(LedgerDatabase.Group, at);
            long debits = 0, credits = 0;
            foreach (var account in await context.ListLedgerAccountsAsync(LedgerDatabase.Group))
            {
                if (account.OpenedAt <= at)
                {
                    var then = await context.GetBalanceAtAsync(account.Id, at);
                    debits += Math.Max(0, -then);
                    credits += Math.Max(0, then);
                }
            }
            Assert.Equal((debits, credits, 0L), (balance.Total.DebitBalanceMinutes, balance.Total.CreditBalanceMinutes, balance.Total.NetMinutes));
        }
        var beforeCarol = await context.GetTrialBalanceAsync(LedgerDatabase.Group, start.AddHours(1));
        Assert.Equal((4L, 2L), (beforeCarol.Total.Accounts, beforeCarol.ThroughSequence!.Value));
        Assert.Equal((60L, 60L), (beforeCarol.Total.DebitBalanceMinutes, beforeCarol.Total.CreditBalanceMinutes));
        var now = await context.GetTrialBalanceAsync(LedgerDatabase.Group, start.AddDays(1));
        Assert.Equal(5, now.Total.Accounts);
        Assert.Equal(await context.GetTrialBalanceAsync(LedgerDatabase.Group) with { AsOf = null, ThroughSequence = null }, now with { AsOf = null, ThroughSequence = null },
            new TrialBalanceComparer());
    }

    [Fact]
    public async Task OtherGroupsAreLeftOut()
    {
        var elsewhere = await _db.OpenAccountAsync("elsewhere", null, null, AccountKind.Issuance, group: "community-2");
        var there = await _db.OpenAccountAsync("there", group: "community-2");
        await _db.FundAsync(elsewhere, there, 500);
        await _db.FundAsync(_issuance, _alice, 60);

        await using var context = _db.CreateContext();
        var balance = await context.GetTrialBalanceAsync(LedgerDatabase.Group, _db.Clock.GetUtcNow());

        Assert.Equal((4L, 60L, 60L), (balance.Total.Accounts, balance.Total.DebitBalanceMinutes, balance.Total.CreditBalanceMinutes));
    }

    /// <summary>Compares the figures, not the list instances.</summary>
    private sealed class TrialBalanceComparer : IEqualityComparer<TrialBalance>
    {
        public bool Equals(TrialBalance? x, TrialBalance? y) =>
            x is not null && y is not null && x.Total == y.Total && x.Kinds.SequenceEqual(y.Kinds);

        public int GetHashCode(TrialBalance obj) => obj.Total.GetHashCode();
    }
}
