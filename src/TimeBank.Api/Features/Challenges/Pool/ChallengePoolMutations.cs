using GraphQL.Types;

namespace TimeBank.Api.Features.Challenges.Pool;

public static class ChallengePoolMutations
{
    public static void AddChallengePoolMutations(this ObjectGraphType mutation)
    {
        mutation.AddDonateToChallenge();
        mutation.AddDonateToFund();
        mutation.AddGrantFromFund();
    }
}
