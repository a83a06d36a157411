using System.Globalization;
using Microsoft.EntityFrameworkCore;
using TimeBank.Ledger.Writes;

namespace TimeBank.Ledger.CrashWriter;

/// <summary>
/// Usage: <c>TimeBank.Ledger.CrashWriter DB_PATH ISSUANCE_ACCOUNT_ID MEMBER_ACCOUNT_ID...</c>. Eight callers
/// transfer minutes from the issuance account to members without end, printing each idempotency key once the
/// writer has acknowledged it (that is, after commit). The crash test kills this process mid-stream.
/// </summary>
internal static class Program
{
    public static async Task Main(string[] args)
    {
        var connectionString = $"Data Source={args[0]}";
        var issuance = long.Parse(args[1], CultureInfo.InvariantCulture);
        var members = args.Skip(2).Select(a => long.Parse(a, CultureInfo.InvariantCulture)).ToArray();
        var options = new DbContextOptionsBuilder<CrashContext>().UseSqlite(connectionString).AddInterceptors(new Pragmas()).Options;
        await using var writer = new LedgerWriter<CrashContext>(() => new CrashContext(options));
        var print = new Lock();

        var callers = Enumerable.Range(0, 8).Select(caller => Task.Run(async () =>
        {
            for (var i = 0; ; i++)
            {
                var key = $"crash-{caller}-{i}";
                var member = members[(caller + i) % members.Length];
                var result = await writer.SubmitAsync(Transfer.Between(issuance, member, 1 + (i % 30), key, "crash-writer"));
                if (!result.Succeeded)
                {
                    await Console.Error.WriteLineAsync($"{key}: {result.Status}");
                    Environment.Exit(2);
                }
                lock (print)
                {
                    Console.Out.WriteLine(key);
                    Console.Out.Flush();
                }
            }
        }));
        await Task.WhenAll(callers);
    }
}

internal sealed class CrashContext(DbContextOptions<CrashContext> options) : DbContext(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder) => modelBuilder.ApplyLedgerModel();
}

internal sealed class Pragmas : Microsoft.EntityFrameworkCore.Diagnostics.DbConnectionInterceptor
{
    public override async Task ConnectionOpenedAsync(
        System.Data.Common.DbConnection connection, Microsoft.EntityFrameworkCore.Diagnostics.ConnectionEndEventData eventData,
        CancellationToken cancellationToken = default)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON; PRAGMA busy_timeout=5000;";
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
