using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using TimeBank.Api.Events;
using TimeBank.Api.Hosting;
using TimeBank.Ledger;
using TimeBank.Ledger.Writes;

namespace TimeBank.Api.Data;

public static class DatabaseRegistration
{
    /// <summary>
    /// Registers the SQLite database: <c>ConnectionStrings:TimeBank</c> when set, otherwise
    /// <c>timebank.db</c> in the data folder. Both are checked here so a mistake stops the host at once.
    /// </summary>
    public static WebApplicationBuilder AddTimeBankDatabase(this WebApplicationBuilder builder, string dataFolder)
    {
        var connectionString = ResolveConnectionString(builder.Configuration.GetConnectionString("TimeBank"), dataFolder);

        builder.Services.AddSingleton<SqlitePragmas>();
        builder.Services.AddSingleton<OutboxSignal>();
        // Pooled: creating a context from scratch costs more than a short query; a pooled one is reset on return.
        builder.Services.AddPooledDbContextFactory<TimeBankDbContext>((services, options) => options
            .UseSqlite(connectionString)
            .AddInterceptors(
                services.GetRequiredService<SqlitePragmas>(), new LedgerImmutabilityInterceptor(), services.GetRequiredService<OutboxSignal>()));
        builder.Services.AddHostedService<DatabaseMigrator>();
        // One writer for the whole process: SQLite has one writer anyway, and the ledger's group
        // commit batches what callers queue meanwhile. Disposed (queue drained) when the host stops.
        builder.Services.AddSingleton(services => new LedgerWriter<TimeBankDbContext>(
            services.GetRequiredService<IDbContextFactory<TimeBankDbContext>>(), services.GetRequiredService<TimeProvider>()));
        return builder;
    }

    private static string ResolveConnectionString(string? configured, string dataFolder)
    {
        if (string.IsNullOrWhiteSpace(configured))
        {
            return new SqliteConnectionStringBuilder { DataSource = Path.Combine(dataFolder, "timebank.db") }.ToString();
        }

        try
        {
            var parsed = new SqliteConnectionStringBuilder(configured);
            if (string.IsNullOrWhiteSpace(parsed.DataSource))
            {
                throw new ArgumentException("it has no Data Source");
            }
            return parsed.ToString();
        }
        catch (Exception ex) when (ex is ArgumentException or FormatException or InvalidOperationException)
        {
            throw new StartupException($"ConnectionStrings:TimeBank is malformed: {ex.Message}", ex);
        }
    }
}
