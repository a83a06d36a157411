using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using TimeBank.Api.Events;
using TimeBank.Api.Hosting;
using TimeBank.GraphQL.Reuse;
using TimeBank.Ledger;
using TimeBank.Ledger.Writes;

namespace TimeBank.Api.Data;

public static partial class DatabaseRegistration
{
    /// <summary>
    /// Registers the SQLite database: <c>ConnectionStrings:TimeBank</c> when set, otherwise
    /// <c>timebank.db</c> in the data folder. Both are checked here so a mistake stops the host at once.
    /// </summary>
    public static WebApplicationBuilder AddTimeBankDatabase(this WebApplicationBuilder builder, string dataFolder)
    {
        var connectionString = ResolveConnectionString(builder.Configuration.GetConnectionString("TimeBank"), dataFolder);
        MakeOwnerOnly(connectionString);

        builder.Services.AddSingleton<OutboxSignal>();
        // Pooled: creating a context from scratch costs more than a short query; a pooled one is reset on return.
        builder.Services.AddPooledDbContextFactory<TimeBankDbContext>((services, options) => options
            .UseLedgerSqlite(connectionString)
            // A unique index that refuses a row is an expected answer (EMAIL_TAKEN, ...), not an error for the operator;
            // a failure nobody expected still escapes as an exception and is logged once, with its trace id, by the
            // GraphQL layer's handler.
            .ConfigureWarnings(warnings => warnings.Log(
                (CoreEventId.SaveChangesFailed, LogLevel.Debug), (RelationalEventId.CommandError, LogLevel.Debug)))
            .AddInterceptors(services.GetRequiredService<OutboxSignal>()));
        builder.Services.AddSingleton(services => new PreparedReads(connectionString, services.GetServices<IPreparedReadObserver>()));
        if (SqliteDataVersion.Follows(connectionString))
        {
            // Lets the HTTP transport reuse a query's answer until the next commit (GraphQL:QueryResponseReuse).
            builder.Services.AddSingleton<IDataVersion>(_ => new SqliteDataVersion(connectionString));
        }
        builder.Services.AddHostedService<DatabaseMigrator>();
        // One writer for the whole process: SQLite has one writer anyway, and the ledger's group
        // commit batches what callers queue meanwhile. Disposed (queue drained) when the host stops.
        var settings = builder.Configuration.GetSection(TimeBankOptions.Section).Get<TimeBankOptions>() ?? new();
        // Linux would clamp a value outside its range and the log would then misreport why the thread runs elsewhere.
        if (settings.LedgerWriterNice is < -20 or > 19)
        {
            throw new StartupException(
                $"{TimeBankOptions.Section}:LedgerWriterNice is {settings.LedgerWriterNice}: a nice value is -20 (highest) to 19, and 0 asks for nothing.");
        }
        var writerOptions = new LedgerWriterOptions { CheckpointPages = settings.LedgerCheckpointPages, ThreadNice = settings.LedgerWriterNice };
        builder.Services.AddSingleton(services =>
        {
            var writer = new LedgerWriter<TimeBankDbContext>(
                services.GetRequiredService<IDbContextFactory<TimeBankDbContext>>(), services.GetRequiredService<TimeProvider>(), writerOptions);
            var log = services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(LedgerWriter<>).Namespace!);
            // Information even when refused: slower under heavy load, not wrong (a developer's machine never grants it).
            WriterPriority(log, writer.Priority);
            return writer;
        });
        return builder;
    }

    /// <summary>
    /// The database holds password and refresh-token hashes: its file is created owner-only (0600) before SQLite opens
    /// it, and SQLite gives the -wal and -shm files it creates later the database file's mode. Files an older version
    /// left open to others are closed to them here.
    /// </summary>
    private static void MakeOwnerOnly(string connectionString)
    {
        var options = new SqliteConnectionStringBuilder(connectionString);
        if (OperatingSystem.IsWindows() || options.Mode == SqliteOpenMode.Memory
            || options.DataSource is ":memory:" || options.DataSource.StartsWith("file:", StringComparison.Ordinal))
        {
            return;
        }
        var path = Path.GetFullPath(options.DataSource);
        if (!File.Exists(path))
        {
            try
            {
                using (new FileStream(path, new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, UnixCreateMode = OwnerOnlyFile }))
                {
                }
                // An empty file has no header yet, and a read-only open (EF's existence check) cannot switch it to WAL: write one now.
                using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
                connection.Open();
                SqliteConnectionSettings.Apply(connection);
            }
            catch (IOException) when (File.Exists(path))
            {
                // Another process created it first.
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                throw new StartupException($"cannot create the database file '{path}': {ex.Message}", ex);
            }
        }
        foreach (var file in new[] { path, path + "-wal", path + "-shm", path + "-journal" })
        {
            if (File.Exists(file) && File.GetUnixFileMode(file) != OwnerOnlyFile)
            {
                File.SetUnixFileMode(file, OwnerOnlyFile);
            }
        }
    }

    private const UnixFileMode OwnerOnlyFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    internal static string ResolveConnectionString(string? configured, string dataFolder)
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

    [LoggerMessage(Level = LogLevel.Information, Message = "The ledger writer's thread is {Priority}.")]
    private static partial void WriterPriority(ILogger logger, WriterThreadPriority priority);
}
