namespace TimeBank.Api.Schema;

/// <summary>The TimeBank GraphQL schema; <c>schema/timebank.graphql</c> is its printed form.</summary>
public sealed class TimeBankSchema : global::GraphQL.Types.Schema
{
    public TimeBankSchema(IServiceProvider services, Query query, Mutation mutation, Subscription subscription) : base(services)
    {
        Description = "TimeBank: community time banking, one hour given earns one hour.";
        Query = query;
        Mutation = mutation;
        Subscription = subscription;
        // The built-in Long has no description, and every type of the published contract needs one.
        RegisterType(new global::GraphQL.Types.LongGraphType
        {
            Description = "A 64-bit signed integer, for numbers that can outgrow 32 bits (ledger sequence numbers, lifetime totals).",
        });
        // One format for every timestamp, whichever .NET type its resolver returns.
        RegisterType(new global::TimeBank.GraphQL.Schema.UtcDateTimeGraphType());
    }
}
