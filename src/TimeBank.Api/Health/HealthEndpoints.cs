using Microsoft.AspNetCore.Diagnostics.HealthChecks;

namespace TimeBank.Api.Health;

public static class HealthEndpoints
{
    private const string ReadyTag = "ready";

    public static IServiceCollection AddTimeBankHealthChecks(this IServiceCollection services)
    {
        services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database", tags: [ReadyTag]);
        return services;
    }

    /// <summary>
    /// <c>/health/live</c> answers while the process runs (no checks); <c>/health/ready</c> answers 200
    /// only when the database is usable, so a load balancer sends traffic only then.
    /// </summary>
    public static IEndpointRouteBuilder MapTimeBankHealthChecks(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false });
        endpoints.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains(ReadyTag) });
        return endpoints;
    }
}
