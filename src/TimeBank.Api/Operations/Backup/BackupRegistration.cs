using TimeBank.Api.Data;
using TimeBank.Api.Hosting;

namespace TimeBank.Api.Operations.Backup;

public static class BackupRegistration
{
    /// <summary>
    /// Holds the data folder's <see cref="DataFolderLock"/> shared for the API's lifetime (a restore waits for it, and an
    /// API does not start during a restore) and registers the scheduled backups when <c>Backup:Every</c> is set.
    /// </summary>
    public static WebApplicationBuilder AddTimeBankBackups(this WebApplicationBuilder builder, string dataFolder)
    {
        var held = DataFolderLock.TryTake(dataFolder, exclusive: false)
            ?? throw new StartupException($"a restore is running on the data folder '{dataFolder}'; start the API when it has finished.");
        // Registered through a factory so the container disposes it (releasing the lock) when the host is disposed.
        builder.Services.AddHostedService(_ => held);

        var options = builder.Configuration.GetSection(BackupOptions.Section).Get<BackupOptions>() ?? new BackupOptions();
        if (options.Every is not { } every)
        {
            return builder;
        }
        if (every <= TimeSpan.Zero)
        {
            throw new StartupException($"Backup:Every is {every}; set a positive time span such as 1.00:00:00, or leave it empty for no scheduled backups.");
        }
        if (options.Keep < 1)
        {
            throw new StartupException($"Backup:Keep is {options.Keep}; keep at least 1 backup.");
        }
        var connectionString = DatabaseRegistration.ResolveConnectionString(builder.Configuration.GetConnectionString("TimeBank"), dataFolder);
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton(services => new ScheduledBackups(options, dataFolder, connectionString, services.GetRequiredService<TimeProvider>()));
        builder.Services.AddHostedService<ScheduledBackupJob>();
        return builder;
    }
}
