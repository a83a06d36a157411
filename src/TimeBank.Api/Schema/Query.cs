using GraphQL.Types;
using TimeBank.Api.Features.Audit;
using TimeBank.Api.Features.Challenges;
using TimeBank.Api.Features.Communities;
using TimeBank.Api.Features.Exchanges;
using TimeBank.Api.Features.Identity;
using TimeBank.Api.Features.Listings;
using TimeBank.Api.Features.Matching;
using TimeBank.Api.Features.Members;
using TimeBank.GraphQL.Relay;

namespace TimeBank.Api.Schema;

/// <summary>The query root: a table of contents, each topic adds its fields.</summary>
public sealed class Query : ObjectGraphType
{
    public Query()
    {
        Name = "Query";
        Description = "Everything a client can read.";
        Field<NonNullGraphType<StringGraphType>>("apiVersion")
            .Description("The version of the TimeBank API answering this request.")
            .Resolve(_ => ApiVersion.Current);
        this.AddNodeFields();
        this.AddIdentityQueries();
        this.AddCommunityQueries();
        this.AddMemberQueries();
        this.AddListingQueries();
        this.AddMatchingQueries();
        this.AddExchangeQueries();
        this.AddChallengeQueries();
        this.AddAuditQueries();
        this.AddTrailQueries();
        this.AddChainQueries();
    }
}
