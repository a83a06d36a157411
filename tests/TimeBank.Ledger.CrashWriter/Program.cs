using System.Globalization;
using Microsoft.EntityFrameworkCore;
using TimeBank.Ledger.Writes;

namespace TimeBank.Ledger.CrashWriter;

/// <summary>
/// Usage: <c>TimeBank.Ledger.CrashWriter DB_PATH ISSUANCE_ACCOUNT_ID MEMBER_ACCOUNT_ID...</c>. Eight callers
/// transfer minutes from the issuance account to members without end, printing each idempotency key once the
/// writer has acknowledged it (that is, after commit). The crash test kills this process mid-stream. The first line
/// is the SQLite settings its connections run with (<see cref="Settings"/>), so the test can check they are production's.
/// </summary>
internal static class Program
{
    public static async Task Main(string[] args)
    {
        var connectionString = $"Data Source={args[0]}";
        var issuance = long.Parse(args[1], CultureInfo.InvariantCulture);
        var members = args.Skip(2).Select(a => long.Parse(a, CultureInfo.InvariantCulture)).ToArray();
        var options = new DbContextOptionsBuilder<CrashContext>().UseLedgerSqlite(connectionString).Options;
        await using (var context = new CrashContext(options))
        {
            await context.Database.OpenConnectionAsync();
            Console.Out.WriteLine(Settings(await SqliteConnectionSettings.ReadAsync(context.Database.GetDbConnection())));
        }
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

    public static string Settings(IEnumerable<SqliteSetting> settings) =>
        "settings " + string.Join(' ', settings.Select(s => $"{s.Pragma}={s.Value}"));
}

internal sealed class CrashContext(DbContextOptions<CrashContext> options) : DbContext(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder) => modelBuilder.ApplyLedgerModel();
}
