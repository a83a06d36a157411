using GraphQL;
using TimeBank.GraphQL.Connections;
using TimeBank.GraphQL.DataLoader;
using TimeBank.GraphQL.Mutations;
using TimeBank.GraphQL.Relay;

namespace TimeBank.Api.Schema;

public static class SchemaRegistration
{
    public static IServiceCollection AddTimeBankSchema(this IServiceCollection services)
    {
        services.AddGraphQL(graphql => graphql
            .AddSchema<TimeBankSchema>()
            .AddGraphTypes(typeof(TimeBankSchema).Assembly)
            .AddRelayNodes()
            .AddConnections()
            .AddDataLoaders()
            .AddMutationConventions()
            .AddSystemTextJson());
        return services;
    }
}
