using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using TimeBank.Api.Data;
using TimeBank.Api.Hosting;

namespace TimeBank.Api.Features.Identity;

/// <summary>
/// <c>TimeBank.Api admin grant|revoke EMAIL</c> and <c>admin list</c>, run on the host with the same settings as the
/// API (e.g. <c>--TimeBank:DataDirectory=/srv/tb</c>): how a deployment gets its admins. Whoever can run it can read
/// the data folder anyway, so it proves what a registration cannot: that the operator wants this person to be admin.
/// It runs beside a running API; the user's rights change at their next login or session refresh.
/// </summary>
public static class AdminCommand
{
    private const string Usage = """
        usage: TimeBank.Api admin grant EMAIL    make a registered user a deployment admin
               TimeBank.Api admin revoke EMAIL   make an admin an ordinary user again
               TimeBank.Api admin list           print the admins' emails
        Settings as for the API, e.g. --TimeBank:DataDirectory=/srv/tb or TimeBank__DataDirectory.
        """;

    public static bool IsInvoked(string[] args) => args is ["admin", ..];

    /// <summary>Runs the command; 0 when done, 1 when it could not be, 2 for a usage mistake.</summary>
    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error)
    {
        var words = args.Skip(1).TakeWhile(a => !a.StartsWith("--", StringComparison.Ordinal)).ToArray();
        var settings = args.Skip(1 + words.Length).ToArray();
        if (words is not (["grant" or "revoke", _] or ["list"]))
        {
            await error.WriteLineAsync(Usage);
            return 2;
        }
        try
        {
            var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = settings });
            builder.Logging.ClearProviders();
            builder.Services.AddSingleton(TimeProvider.System);
            builder.AddTimeBankDatabase(DataFolder.Prepare(builder.Configuration, builder.Environment.ContentRootPath));
            await using var app = builder.Build();
            await using var db = await app.Services.GetRequiredService<IDbContextFactory<TimeBankDbContext>>().CreateDbContextAsync();
            if ((await db.Database.GetPendingMigrationsAsync()).Any())
            {
                await error.WriteLineAsync($"timebank admin: the database at {db.Database.GetDbConnection().DataSource} is not set up: start the API once (and register) first.");
                return 1;
            }
            return words[0] == "list" ? await ListAsync(db, output) : await SetAsync(db, words[1], words[0] == "grant", app.Configuration, output, error);
        }
        catch (Exception ex) when (ex is StartupException or SqliteException)
        {
            await error.WriteLineAsync($"timebank admin: {ex.Message}");
            return 1;
        }
    }

    private static async Task<int> SetAsync(
        TimeBankDbContext db, string email, bool grant, IConfiguration configuration, TextWriter output, TextWriter error)
    {
        var outcome = await AdminRights.SetAsync(db, email, grant, default);
        if (!outcome.Succeeded)
        {
            await error.WriteLineAsync($"timebank admin: {outcome.Message}");
            return 1;
        }
        var lifetime = (configuration.GetSection(AuthOptions.Section).Get<AuthOptions>() ?? new AuthOptions()).AccessTokenLifetime;
        await output.WriteLineAsync(grant
            ? $"{outcome.Value!.Email} is a deployment admin from their next login or session refresh."
            : $"{outcome.Value!.Email} is no longer an admin; an access token issued before keeps admin rights until it expires (at most {lifetime}).");
        return 0;
    }

    private static async Task<int> ListAsync(TimeBankDbContext db, TextWriter output)
    {
        foreach (var email in await AdminRights.ListAsync(db, default))
        {
            await output.WriteLineAsync(email);
        }
        return 0;
    }
}
