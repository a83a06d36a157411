using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TimeBank.Api.Data;
using TimeBank.Api.Tests.Infrastructure;
using TimeBank.Ledger.Model;
using TimeBank.Ledger.Writes;

namespace TimeBank.Api.Tests.Features.Accounts;

/// <summary>
/// A 50-line statement page reads the ledger's running balances through one seek on the postings' (AccountId,
/// EntrySequence) index, in the index's order: the statements the API really sends for a first and a later page are
/// captured and each put through EXPLAIN QUERY PLAN, so a change to the query or the index that loses the seek fails here.
/// </summary>
public sealed class StatementPagePlanTests : IAsyncLifetime
{
    private const string Page = """
        query($after: String) { me { memberships { account { statement(first: 50, after: $after) {
          pageInfo { hasNextPage endCursor } nodes { entrySequence kind minutes balanceAfterMinutes }
        } } } } }
        """;

    private const string Seek = "INDEX IX_LedgerPostings_AccountId_EntrySequence (AccountId=?";

    private readonly StatementCapture _capture = new("LedgerPostings");
    private readonly TimeBankApplication _app;
    private TestCommunity _bank = null!;

    public StatementPagePlanTests() => _app = new TimeBankApplication { Interceptors = [_capture] };

    public async Task InitializeAsync()
    {
        var admin = await _app.RegisterAsync(TimeBankApplication.AdminEmail);
        _bank = await TestCommunity.CreateAsync(_app, admin, "plans", "maria", "tom");
        await using var scope = _app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TimeBankDbContext>();
        var accounts = await db.Members.Where(m => m.DisplayName == "maria" || m.DisplayName == "tom").ToDictionaryAsync(m => m.DisplayName, m => m.AccountId!.Value);
        var ledger = scope.ServiceProvider.GetRequiredService<LedgerWriter<TimeBankDbContext>>();
        for (var i = 0; i < 120; i++)
        {
            var (from, to) = i % 2 == 0 ? ("maria", "tom") : ("tom", "maria");
            var result = await ledger.SubmitAsync(new Transfer(EntryKind.Exchange, [PostingLine.Debit(accounts[from], 1), PostingLine.Credit(accounts[to], 1)])
            {
                IdempotencyKey = $"plan:{i}",
                ActorId = "test",
                PrincipalId = "test",
            });
            Assert.True(result.Succeeded, result.Status.ToString());
        }
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task AFirstAndALaterPageEachSeekTheAccountsPostingsInIndexOrder()
    {
        var first = await PageAsync(after: null);
        var firstStatements = _capture.Take();
        var second = await PageAsync(after: (string)first["pageInfo"]!["endCursor"]!);
        var secondStatements = _capture.Take();

        Assert.Equal(50, first["nodes"]!.AsArray().Count);
        Assert.Equal(50, second["nodes"]!.AsArray().Count);
        // One statement reads a first page's lines; a later page reads its lines and asks whether newer lines exist.
        Assert.Single(firstStatements);
        Assert.Equal(2, secondStatements.Count);
        foreach (var statement in firstStatements.Concat(secondStatements))
        {
            var plan = await QueryPlans.ExplainAsync(_app, statement);
            Assert.True(plan.Any(step => step.StartsWith("SEARCH ", StringComparison.Ordinal) && step.Contains(Seek, StringComparison.Ordinal)), string.Join("\n", plan));
            Assert.DoesNotContain(plan, step => step.StartsWith("SCAN ", StringComparison.Ordinal));
            Assert.DoesNotContain(plan, step => step.Contains("TEMP B-TREE", StringComparison.Ordinal));
        }
    }

    private async Task<JsonNode> PageAsync(string? after)
    {
        _capture.Take();
        var response = await _app.GraphQLAsync(Page, new { after }, _bank.People["maria"].Token);
        return response["data"]?["me"]?["memberships"]?[0]?["account"]?["statement"] ?? throw new InvalidOperationException(response.ToJsonString());
    }
}
