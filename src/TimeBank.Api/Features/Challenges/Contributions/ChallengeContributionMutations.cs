using GraphQL.Types;
using TimeBank.Api.Features.Challenges.Pledges;

namespace TimeBank.Api.Features.Challenges.Contributions;

/// <summary>What members give a challenge in time: pledges of minutes by category, and work logged, verified and paid from the pool.</summary>
public static class ChallengeContributionMutations
{
    public static void AddChallengeContributionMutations(this ObjectGraphType mutation)
    {
        mutation.AddPledgeToChallenge();
        mutation.AddWithdrawPledge();
        mutation.AddLogContribution();
        mutation.AddVerifyContribution();
        mutation.AddRejectContribution();
    }
}
