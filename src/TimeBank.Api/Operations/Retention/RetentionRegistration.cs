using TimeBank.Api.Hosting;

namespace TimeBank.Api.Operations.Retention;

public static class RetentionRegistration
{
    /// <summary>Registers the retention job with the <c>Retention</c> section, checked here so a mistake stops the start.</summary>
    public static IServiceCollection AddTimeBankRetention(this IServiceCollection services)
    {
        services.AddSingleton(provider =>
        {
            var options = provider.GetRequiredService<IConfiguration>().GetSection(RetentionOptions.Section).Get<RetentionOptions>() ?? new RetentionOptions();
            if (options.Every <= TimeSpan.Zero || options.OutboxAge < TimeSpan.Zero || options.BatchSize < 1)
            {
                throw new StartupException(
                    $"Retention: Every ({options.Every}) must be positive, OutboxAge ({options.OutboxAge}) not negative and BatchSize ({options.BatchSize}) at least 1.");
            }
            return options;
        });
        services.AddSingleton<RetentionSweep>();
        services.AddHostedService<RetentionJob>();
        return services;
    }
}
