using TimeBank.Api.Data.Entities;
using TimeBank.Api.Features.Challenges;
using TimeBank.Api.Tests.Features.Challenges;

namespace TimeBank.Api.Tests.Security;

/// <summary>
/// Every step of <see cref="ChallengeStateMachine"/> that moves an existing challenge, tried by a coordinator (who may
/// take every one of them) from every state it does not leave and does not lead to: each is WRONG_STATUS and no row of
/// any table changes. The state it leads to is a repeat (<c>ChallengeLifecycleTests</c>). The rows come from the table,
/// so a new step or state is covered once its input is added to <see cref="Inputs"/>.
/// </summary>
public sealed class ChallengeWrongStateTests(SecurityBank bank) : IClassFixture<SecurityBank>
{
    /// <summary>Each step's mutation and its input for a challenge id.</summary>
    private static readonly Dictionary<string, (string Mutation, Func<string, object> Input)> Inputs = new()
    {
        ["approve"] = ("approveChallenge", id => new { challengeId = id }),
        ["decline"] = ("declineChallenge", id => new { challengeId = id, reason = "no" }),
        ["update"] = ("updateChallenge", id => new { challengeId = id, title = "changed" }),
        ["achieve"] = ("markChallengeAchieved", id => new { challengeId = id }),
        ["close"] = ("closeChallenge", id => new { challengeId = id }),
    };

    public static TheoryData<string, string> Attempts()
    {
        var data = new TheoryData<string, string>();
        foreach (var move in ChallengeStateMachine.All.Where(m => m.From.Count > 0))
        {
            foreach (var status in Enum.GetValues<ChallengeStatus>().Where(s => !move.Leaves(s) && s != move.To))
            {
                data.Add(move.Action, status.ToString().ToUpperInvariant());
            }
        }
        return data;
    }

    [Fact]
    public void EveryStepThatMovesAChallengeHasAnInput() =>
        Assert.Empty(ChallengeStateMachine.All.Where(m => m.From.Count > 0).Select(m => m.Action).Except(Inputs.Keys));

    [Theory]
    [MemberData(nameof(Attempts))]
    public async Task AStepFromAStateItDoesNotLeaveIsWrongStatusAndChangesNothing(string action, string status)
    {
        var id = await bank.OnceAsync("challenge " + status, () => ChallengeDriver.InStatusAsync(bank, status));
        var (mutation, input) = Inputs[action];
        var before = bank.Fingerprint();

        var response = await ChallengeDriver.MutateAsync(bank, mutation, "coordinator", input(id));

        Assert.Equal("WRONG_STATUS", ChallengeDriver.ErrorCode(response, mutation));
        Assert.Equal(before, bank.Fingerprint());
    }
}
