using System.Text.Json.Nodes;
using TimeBank.Api.Tests.Features.Audit;

namespace TimeBank.Api.Tests.Security;

/// <summary>
/// Who reads a community's ledger: its auditors and coordinators (and deployment admins) everything; a member its own
/// account and the entries that post to it; anyone else nothing, answered as if it did not exist. One row per query and
/// caller; to cover a new auditor read, add its document to <see cref="Reads"/> and its rows.
/// </summary>
public sealed class AuditReadAccessTests(AuditFixture audit) : IClassFixture<AuditFixture>
{
    /// <summary>The reads of a whole community's ledger, and of one of maria's entries and her account.</summary>
    private static readonly Dictionary<string, string> Reads = new()
    {
        ["trialBalance"] = "query($community: ID!) { answer: trialBalance(communityId: $community) { total { netMinutes } } }",
        ["ledgerAccounts"] = "query($community: ID!) { answer: ledgerAccounts(communityId: $community) { nodes { id } } }",
        ["journal"] = "query($community: ID!) { answer: journal(communityId: $community) { nodes { id } } }",
        ["entry"] = "query($entry: ID!) { answer: entry(id: $entry) { sequence } }",
        ["entryNode"] = "query($entry: ID!) { answer: node(id: $entry) { ... on LedgerEntry { sequence } } }",
        ["accountBalance"] = "query($account: ID!) { answer: accountBalance(accountId: $account, asOf: \"2030-01-01T00:00:00Z\") { balanceMinutes } }",
        ["statement"] = "query($account: ID!) { answer: node(id: $account) { ... on Account { statement(from: \"2020-01-01T00:00:00Z\") { nodes { entrySequence } } } } }",
    };

    [Theory]
    [InlineData("auditor")]
    [InlineData("coordinator")]
    [InlineData("admin")]
    public async Task TheCommunitysAuditorsAndCoordinatorsReadEverything(string who)
    {
        foreach (var read in Reads.Keys)
        {
            Assert.True(await AnswerAsync(read, who) is JsonObject, $"{who} should read {read}");
        }
    }

    [Fact]
    public async Task AMemberReadsItsOwnAccountAndEntriesOnly()
    {
        foreach (var read in new[] { "entry", "entryNode", "accountBalance", "statement" })
        {
            Assert.True(await AnswerAsync(read, "maria") is JsonObject, $"maria should read her own {read}");
            Assert.Null(await AnswerAsync(read, "sam"));
        }
        foreach (var read in new[] { "trialBalance", "ledgerAccounts", "journal" })
        {
            Assert.Equal("FORBIDDEN", await ErrorAsync(read, "maria"));
        }
    }

    [Theory]
    [InlineData("other-auditor")]
    [InlineData("other-coordinator")]
    [InlineData("anonymous")]
    public async Task EveryoneElseIsToldNothingExists(string who)
    {
        foreach (var read in Reads.Keys)
        {
            if (read is "trialBalance" or "ledgerAccounts" or "journal")
            {
                Assert.Equal("NOT_FOUND", await ErrorAsync(read, who));
            }
            else
            {
                Assert.Null(await AnswerAsync(read, who));
            }
        }
    }

    private async Task<JsonObject> RunAsync(string read, string who)
    {
        var settlement = (await audit.QueryAsync("auditor",
            "query($community: ID!) { journal(communityId: $community, filter: { kinds: [EXCHANGE] }, order: OLDEST_FIRST, first: 1) { nodes { id } } }",
            new { community = audit.Bank.Riverside.Id }))["data"]!["journal"]!["nodes"]![0]!["id"]!.GetValue<string>();
        return await audit.QueryAsync(who, Reads[read], new { community = audit.Bank.Riverside.Id, entry = settlement, account = await audit.AccountIdOfAsync("maria") });
    }

    private async Task<JsonNode?> AnswerAsync(string read, string who)
    {
        var response = await RunAsync(read, who);
        Assert.True(response["errors"] is null, $"{read} as {who}: {response.ToJsonString()}");
        var answer = response["data"]!["answer"];
        // node(id:) of an account answers the account, whose statement is what is read.
        return read == "statement" && answer is JsonObject account ? account["statement"] : answer;
    }

    private async Task<string?> ErrorAsync(string read, string who)
    {
        var response = await RunAsync(read, who);
        Assert.Null(response["data"]?["answer"]);
        return (string?)response["errors"]?[0]?["extensions"]?["code"];
    }
}
