using GraphQL.Types;
using TimeBank.Api.Features.Audit;
using TimeBank.Api.Features.Challenges;
using TimeBank.Api.Features.Challenges.Contributions;
using TimeBank.Api.Features.Challenges.Pool;
using TimeBank.Api.Features.Communities;
using TimeBank.Api.Features.Exchanges;
using TimeBank.Api.Features.GroupExchanges;
using TimeBank.Api.Features.Identity;
using TimeBank.Api.Features.Listings;
using TimeBank.Api.Features.Matching;
using TimeBank.Api.Features.Members;

namespace TimeBank.Api.Schema;

/// <summary>The mutation root: a table of contents, each topic adds its use cases.</summary>
public sealed class Mutation : ObjectGraphType
{
    public Mutation()
    {
        Name = "Mutation";
        Description = "Everything a client can change. Each mutation takes one input and returns a payload with errors.";
        this.AddIdentityMutations();
        this.AddCommunityMutations();
        this.AddMemberMutations();
        this.AddListingMutations();
        this.AddMatchingMutations();
        this.AddExchangeMutations();
        this.AddChallengeMutations();

        this.AddGroupExchangeMutations();
        this.AddAuditMutations();
        this.AddChallengePoolMutations();

        this.AddChallengeContributionMutations();
    }
}
