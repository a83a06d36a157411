using System.Text.Json.Nodes;
using TimeBank.Api.Tests.Features.Exchanges;
using TimeBank.Api.Tests.Infrastructure;

namespace TimeBank.Api.Tests.Features.GroupExchanges;

/// <summary>
/// Receivers accepting while the provider completes, twice, all at once: whichever comes first, each share is either
/// completed once (accepted in time) or cancelled with nothing held (too late), and each completed share settles once.
/// </summary>
public sealed class GroupExchangeConcurrencyTests(ExchangesFixture bank) : IClassFixture<ExchangesFixture>
{
    private static readonly string[] Receivers = ["maria", "sam", "poor"];

    [Fact]
    public async Task AcceptingWhileTheProviderCompletesSettlesEachShareOnce()
    {
        for (var round = 0; round < 6; round++)
        {
            var group = await ProposeAsync();
            var id = (string)group["id"]!;

            var calls = Receivers.Select(r => bank.MutateAsync("acceptExchange", bank.Token(r), new { exchangeId = Share(group, r) }))
                .Concat(Enumerable.Range(0, 2).Select(_ => bank.App.GraphQLAsync(
                    MutationDocument.For("completeGroupExchange", "groupExchange { id } errors { code message }"),
                    new { input = new { groupExchangeId = id } }, bank.Token("tom"))))
                .ToList();
            var answers = await Task.WhenAll(calls);

            var completions = answers[^2..].Select(a => a["data"]!["completeGroupExchange"]!["errors"]!.AsArray().Select(e => (string?)e!["code"]).SingleOrDefault()).ToList();
            var now = await ReadAsync(id);
            var statuses = now["shares"]!.AsArray().Select(s => (string)s!["status"]!).ToList();
            if (now["completedAt"] is null)
            {
                // Both completions came before any acceptance, so there was nothing to complete.
                Assert.Equal(["WRONG_STATUS", "WRONG_STATUS"], completions);
                Assert.DoesNotContain("COMPLETED", statuses);
            }
            else
            {
                // One completed; the other repeated it (same content), or came before any acceptance and found nothing to complete.
                Assert.Contains(null, completions);
                Assert.All(completions, c => Assert.True(c is null or "WRONG_STATUS", c));
                Assert.All(statuses, s => Assert.Contains(s, new[] { "COMPLETED", "CANCELLED" }));
            }
            foreach (var share in now["shares"]!.AsArray())
            {
                var shareId = (string)share!["id"]!;
                var completedSteps = share["timeline"]!.AsArray().Count(t => (string?)t!["action"] == "complete");
                Assert.True(completedSteps <= 1, share.ToJsonString());
                if ((string?)share["status"] == "CANCELLED")
                {
                    // The acceptance lost: its hold went with its transaction.
                    Assert.Null(bank.LedgerAround(shareId).HoldStatus);
                }
                else if ((string?)share["status"] == "COMPLETED")
                {
                    var person = (string)share["receiver"]!["displayName"]!;
                    await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => bank.OkAsync("acknowledgeExchange", person, new { exchangeId = shareId })));
                    Assert.Equal(1, bank.EntriesOf(shareId));
                }
            }
        }
        Assert.Empty(await bank.ReconcileAsync());
    }

    private async Task<JsonNode> ProposeAsync()
    {
        var response = await bank.App.GraphQLAsync(MutationDocument.For("proposeGroupExchange", "groupExchange { id shares { id receiver { displayName } } } errors { code message }"),
            new
            {
                input = new
                {
                    communityId = bank.Riverside.Id,
                    description = "first aid course",
                    shares = Receivers.Select(r => new { receiverMemberId = bank.Member(r), minutes = 10 }).ToArray(),
                },
            }, bank.Token("tom"));
        return TestCommunity.Ok(response, "proposeGroupExchange")["groupExchange"]!;
    }

    private async Task<JsonNode> ReadAsync(string id)
    {
        var response = await bank.App.GraphQLAsync(
            "query($id: ID!) { groupExchange(id: $id) { completedAt shares { id status receiver { displayName } timeline { action } } } }", new { id }, bank.Token("tom"));
        return response["data"]?["groupExchange"] ?? throw new InvalidOperationException(response.ToJsonString());
    }

    private static string Share(JsonNode group, string person) =>
        (string)group["shares"]!.AsArray().Single(s => (string?)s!["receiver"]!["displayName"] == person)!["id"]!;
}
