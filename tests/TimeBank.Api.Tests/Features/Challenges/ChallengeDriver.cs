using System.Text.Json.Nodes;
using TimeBank.Api.Tests.Infrastructure;
using TimeBank.Api.Tests.Security;

namespace TimeBank.Api.Tests.Features.Challenges;

/// <summary>
/// Drives challenges through the API over <see cref="SecurityBank"/>'s people: proposes them, brings them to a status
/// (each step by the person it belongs to), runs any step as anyone and reads a challenge back as the admin.
/// </summary>
public static class ChallengeDriver
{
    public const string Fields =
        "id title description neighbourhood deadline status declineReason closingEntrySequence neededMinutes " +
        "lead { displayName } proposedBy { displayName } needs { category { id } minutes } " +
        "timeline(first: 50) { nodes { fromStatus toStatus action note principal { displayName } } }";

    private static readonly Dictionary<string, string> Inputs = new()
    {
        ["proposeChallenge"] = "ProposeChallengeInput",
        ["approveChallenge"] = "ApproveChallengeInput",
        ["declineChallenge"] = "DeclineChallengeInput",
        ["updateChallenge"] = "UpdateChallengeInput",
        ["markChallengeAchieved"] = "MarkChallengeAchievedInput",
        ["closeChallenge"] = "CloseChallengeInput",
        ["createChallengeFromNeeds"] = "CreateChallengeFromNeedsInput",
    };

    /// <summary>Runs a challenge mutation as <paramref name="person"/> ("" anonymous); the payload's challenge and errors come back.</summary>
    public static Task<JsonObject> MutateAsync(SecurityBank bank, string mutation, string person, object input) =>
        bank.App.GraphQLAsync(
            $"mutation($input: {Inputs[mutation]}!) {{ {mutation}(input: $input) {{ challenge {{ {Fields} }} errors {{ code message path }} }} }}",
            new { input }, bank.Token(person));

    /// <summary>Runs a challenge mutation that must succeed; returns the challenge.</summary>
    public static async Task<JsonNode> OkAsync(SecurityBank bank, string mutation, string person, object input) =>
        TestCommunity.Ok(await MutateAsync(bank, mutation, person, input), mutation)["challenge"]!;

    /// <summary>A new challenge maria proposes in riverside, needing 120 minutes of the fixture's category.</summary>
    public static async Task<string> ProposeAsync(SecurityBank bank, string person = "maria", string title = "Clean the river bank")
    {
        var challenge = await OkAsync(bank, "proposeChallenge", person, new
        {
            communityId = bank.Riverside.Id,
            title,
            description = "Two Saturdays of litter picking.",
            needs = new[] { new { categoryId = bank.CategoryId, minutes = 120 } },
            neighbourhood = "Riverside",
        });
        return (string)challenge["id"]!;
    }

    /// <summary>A fresh challenge brought to <paramref name="status"/>, each step by the person it belongs to.</summary>
    public static async Task<string> InStatusAsync(SecurityBank bank, string status)
    {
        var id = await ProposeAsync(bank);
        (string Mutation, string Person, object Input)[] path = status switch
        {
            "PROPOSED" => [],
            "OPEN" => [("approveChallenge", "coordinator", new { challengeId = id })],
            "ACHIEVED" => [("approveChallenge", "coordinator", new { challengeId = id }), ("markChallengeAchieved", "maria", new { challengeId = id })],
            "CLOSED" => [("approveChallenge", "coordinator", new { challengeId = id }), ("closeChallenge", "coordinator", new { challengeId = id })],
            "DECLINED" => [("declineChallenge", "coordinator", new { challengeId = id, reason = "Not this year." })],
            _ => throw new ArgumentOutOfRangeException(nameof(status)),
        };
        foreach (var (mutation, person, input) in path)
        {
            await OkAsync(bank, mutation, person, input);
        }
        return id;
    }

    /// <summary>A challenge as it stands now, read by the admin.</summary>
    public static async Task<JsonNode> ReadAsync(SecurityBank bank, string id)
    {
        var response = await bank.App.GraphQLAsync($"query($id: ID!) {{ challenge(id: $id) {{ {Fields} }} }}", new { id }, bank.AdminToken);
        return response["data"]!["challenge"] ?? throw new InvalidOperationException(response.ToJsonString());
    }

    /// <summary>The payload's one error code, failing when there is none or more than one.</summary>
    public static string ErrorCode(JsonObject response, string mutation) => SecurityBank.ErrorCode(response, mutation);
}
