using GraphQL.Types;

namespace TimeBank.Api.Features.Challenges;

/// <summary>The lifecycle of a challenge: proposing it, deciding on it, running it and closing it.</summary>
public static class ChallengeMutations
{
    public static void AddChallengeMutations(this ObjectGraphType mutation)
    {
        mutation.AddProposeChallenge();
        mutation.AddApproveChallenge();
        mutation.AddDeclineChallenge();
        mutation.AddUpdateChallenge();
        mutation.AddMarkChallengeAchieved();
        mutation.AddCloseChallenge();
    }
}
