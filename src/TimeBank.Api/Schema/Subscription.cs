using GraphQL.Types;
using TimeBank.Api.Features.Accounts;
using TimeBank.Api.Features.Audit;
using TimeBank.Api.Features.Challenges;
using TimeBank.Api.Features.Clock;
using TimeBank.Api.Features.Exchanges;
using TimeBank.Api.Features.Matching;

namespace TimeBank.Api.Schema;

/// <summary>The subscription root: a table of contents, each topic adds its streams.</summary>
public sealed class Subscription : ObjectGraphType
{
    public Subscription()
    {
        Name = "Subscription";
        Description = "Everything a client can be told as it happens, over WebSocket (graphql-transport-ws).";
        this.AddClockSubscriptions();
        this.AddMatchingSubscriptions();
        this.AddExchangeSubscriptions();
        this.AddChallengeSubscriptions();
        this.AddAccountSubscriptions();
        this.AddAuditSubscriptions();
    }
}
