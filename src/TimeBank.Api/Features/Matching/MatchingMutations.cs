using GraphQL.Types;

namespace TimeBank.Api.Features.Matching;

public static class MatchingMutations
{
    public static void AddMatchingMutations(this ObjectGraphType mutation) => mutation.AddDismissMatch();
}
