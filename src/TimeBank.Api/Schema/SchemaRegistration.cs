using GraphQL;

namespace TimeBank.Api.Schema;

public static class SchemaRegistration
{
    public static IServiceCollection AddTimeBankSchema(this IServiceCollection services)
    {
        services.AddGraphQL(graphql => graphql
            .AddSchema<TimeBankSchema>()
            .AddGraphTypes(typeof(TimeBankSchema).Assembly)
            .AddSystemTextJson());
        return services;
    }
}
