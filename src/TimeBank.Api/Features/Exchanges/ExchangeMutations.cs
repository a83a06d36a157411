using GraphQL.Types;

namespace TimeBank.Api.Features.Exchanges;

public static class ExchangeMutations
{
    public static void AddExchangeMutations(this ObjectGraphType mutation)
    {
        mutation.AddRequestExchange();
        mutation.AddOfferHelp();
        mutation.AddProposeExchange();
        mutation.AddRecordExchange();
        mutation.AddAcceptExchange();
        mutation.AddDeclineExchange();
        mutation.AddCancelExchange();
        mutation.AddCompleteExchange();
        mutation.AddAcknowledgeExchange();
        mutation.AddDisputeExchange();
        mutation.AddResolveDispute();
        mutation.AddLeaveFeedback();
    }
}
