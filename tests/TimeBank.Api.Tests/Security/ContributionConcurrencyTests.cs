using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TimeBank.Api.Data;
using TimeBank.Api.Data.Entities;
using TimeBank.Api.Tests.Features.Challenges;
using TimeBank.Api.Tests.Infrastructure;
using TimeBank.Ledger.Model;
using TimeBank.Ledger.Reads;

namespace TimeBank.Api.Tests.Security;

/// <summary>
/// 32 contributions of 30 minutes verified at once, over HTTP, against a pool of 500 minutes, which pays 16 of them:
/// the pool never goes below zero, each one verified is paid exactly once (one CONTRIBUTION entry to its contributor),
/// every other one is told POOL_SHORT with what the pool holds and stays LOGGED, and the community's books reconcile.
/// The same 32 sent again change nothing.
/// </summary>
public sealed class ContributionConcurrencyTests : IAsyncLifetime
{
    private const int Contributions = 32;
    private const int Minutes = 30;
    private const int PoolMinutes = 500;
    private static readonly string[] Contributors = ["m0", "m1", "m2", "m3"];

    private readonly TimeBankApplication _app = new();
    private TestCommunity _bank = null!;

    public async Task InitializeAsync()
    {
        var admin = await _app.RegisterAsync(TimeBankApplication.AdminEmail);
        _bank = await TestCommunity.CreateAsync(_app, admin, "crowd", [.. Contributors, "lead"]);
    }

    [Fact]
    public async Task APoolPaysWhatItHoldsOnceEachAndRefusesTheRest()
    {
        var category = await FirstCategoryAsync();
        var challenge = await ChallengeSeed.CreateAsync(_app, _bank.Id, _bank.People["lead"].MemberId, [category], neededMinutes: 6000, poolMinutes: PoolMinutes);
        var ids = new List<string>();
        for (var i = 0; i < Contributions; i++)
        {
            var logged = await _bank.OkAsync(_app, Contributors[i % Contributors.Length], "logContribution",
                new { challengeId = challenge, categoryId = category, minutes = Minutes, note = $"shift {i}" }, "contribution { id }");
            ids.Add((string)logged["contribution"]!["id"]!);
        }
        var balancesBefore = await MemberBalancesAsync();

        var answers = await Task.WhenAll(ids.Select(VerifyAsync));

        Assert.All(answers, a => Assert.Null(a["errors"]));
        var paid = answers.Where(a => Errors(a).Count == 0).ToList();
        var refused = answers.Where(a => Errors(a).Count > 0).Select(a => Errors(a)[0]!).ToList();
        Assert.Equal(PoolMinutes / Minutes, paid.Count);
        Assert.All(refused, e => Assert.Equal("POOL_SHORT", (string?)e["code"]));
        Assert.All(refused, e => Assert.Matches(@"holds \d+ minutes", (string)e["message"]!));
        Assert.Equal(PoolMinutes - (paid.Count * Minutes), await ChallengeSeed.PoolBalanceAsync(_app, challenge));

        await using var db = await _app.Services.GetRequiredService<IDbContextFactory<TimeBankDbContext>>().CreateDbContextAsync();
        var rows = await db.ChallengeContributions.AsNoTracking().ToListAsync();
        var verified = rows.Where(r => r.Status == ContributionStatus.Verified).ToList();
        Assert.Equal(paid.Count, verified.Count);
        Assert.Equal(Contributions - paid.Count, rows.Count(r => r.Status == ContributionStatus.Logged && r.PaymentEntrySequence is null));
        var payments = await db.Set<LedgerEntry>().AsNoTracking().Where(e => e.Kind == EntryKind.Contribution).ToListAsync();
        var sequences = payments.Select(p => p.Sequence).ToList();
        var credits = (await db.Set<LedgerPosting>().AsNoTracking().Where(p => sequences.Contains(p.EntrySequence) && p.Side == PostingSide.Credit).ToListAsync())
            .ToDictionary(p => p.EntrySequence);
        Assert.Equal(verified.Count, payments.Count);
        var members = await db.Members.AsNoTracking().ToDictionaryAsync(m => m.Id);
        foreach (var row in verified)
        {
            var entry = Assert.Single(payments, p => p.Sequence == row.PaymentEntrySequence);
            Assert.Equal($"contribution:{row.Id.ToString(CultureInfo.InvariantCulture)}:pay", entry.IdempotencyKey);
            var credit = credits[entry.Sequence];
            Assert.Equal((members[row.ContributorMemberId].AccountId, (long)Minutes), (credit.AccountId, credit.AmountMinutes));
        }
        // The pool never went below zero: every balance it ever had is on a posting of its own.
        var poolId = await db.Challenges.Select(c => c.PoolAccountId!.Value).SingleAsync();
        Assert.All(await db.Set<LedgerPosting>().AsNoTracking().Where(p => p.AccountId == poolId).ToListAsync(), p => Assert.True(p.BalanceAfterMinutes >= 0));
        var balancesAfter = await MemberBalancesAsync();
        foreach (var (memberId, before) in balancesBefore)
        {
            Assert.Equal(before + (verified.Count(r => r.ContributorMemberId == memberId) * Minutes), balancesAfter[memberId]);
        }
        var community = await db.Communities.AsNoTracking().SingleAsync(c => c.Slug == "crowd");
        var reconciliation = await db.ReconcileLedgerGroupAsync(community.LedgerGroup);
        Assert.Empty(reconciliation.Discrepancies);

        // Sent again: the paid ones answer as before, the others are still short, and nothing moves.
        var fingerprint = DatabaseFingerprint.Of(_app);
        var again = await Task.WhenAll(ids.Select(VerifyAsync));
        Assert.Equal(answers.Select(Shape), again.Select(Shape));
        Assert.Equal(fingerprint, DatabaseFingerprint.Of(_app));
    }

    private async Task<JsonObject> VerifyAsync(string contributionId) => await _app.GraphQLAsync(
        "mutation($input: VerifyContributionInput!) { verifyContribution(input: $input) { contribution { id status paymentEntrySequence } errors { code message } } }",
        new { input = new { contributionId } }, _bank.People["lead"].Token);

    private static JsonArray Errors(JsonObject answer) => answer["data"]!["verifyContribution"]!["errors"]!.AsArray();

    /// <summary>What an answer says, without the message's figures: paid (with its entry) or refused with a code.</summary>
    private static string Shape(JsonObject answer) => Errors(answer) is [{ } error, ..]
        ? (string)error["code"]!
        : answer["data"]!["verifyContribution"]!["contribution"]!.ToJsonString();

    private async Task<Dictionary<long, long>> MemberBalancesAsync()
    {
        await using var db = await _app.Services.GetRequiredService<IDbContextFactory<TimeBankDbContext>>().CreateDbContextAsync();
        var accounts = await db.Members.AsNoTracking().Where(m => m.AccountId != null).Select(m => new { m.Id, AccountId = m.AccountId!.Value }).ToListAsync();
        var balances = await db.Set<LedgerAccount>().AsNoTracking().ToDictionaryAsync(a => a.Id, a => a.BalanceMinutes);
        return accounts.ToDictionary(a => a.Id, a => balances[a.AccountId]);
    }

    private async Task<string> FirstCategoryAsync()
    {
        var community = await _app.GraphQLAsync("query($slug: String!) { community(slug: $slug) { categories { id } } }", new { slug = "crowd" }, _bank.People["lead"].Token);
        return (string)community["data"]!["community"]!["categories"]![0]!["id"]!;
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();
}
