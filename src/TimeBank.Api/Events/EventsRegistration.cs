namespace TimeBank.Api.Events;

public static class EventsRegistration
{
    /// <summary>The outbox dispatcher and the in-process bus it publishes to.</summary>
    public static IServiceCollection AddTimeBankEvents(this IServiceCollection services)
    {
        services.AddSingleton<EventBus>();
        services.AddSingleton<OutboxDispatcher>();
        services.AddHostedService(s => s.GetRequiredService<OutboxDispatcher>());
        return services;
    }
}
