using System.Net.Sockets;
using Microsoft.Data.Sqlite;

namespace TimeBank.Api.Hosting;

/// <summary>
/// Builds and runs the host, turning the start-up failures an operator can cause (bad data folder,
/// bad connection string, port in use, unreadable database) into one line on stderr and exit code 1
/// instead of a stack trace.
/// </summary>
public static class HostRunner
{
    public static async Task<int> RunAsync(Func<WebApplication> build)
    {
        try
        {
            var app = build();
            await app.RunAsync();
            return 0;
        }
        // HostAbortedException is how WebApplicationFactory stops the entry point once it has the host.
        catch (Exception ex) when (ex is not HostAbortedException && Describe(ex) is { } message)
        {
            await Console.Error.WriteLineAsync($"timebank: cannot start: {message}");
            return 1;
        }
    }

    private static string? Describe(Exception ex) => ex switch
    {
        StartupException e => e.Message,
        IOException e when IsAddressInUse(e) =>
            $"{e.Message.TrimEnd('.')} (another program is using the port; set Urls or ASPNETCORE_URLS)",
        SqliteException e => $"database error {e.SqliteErrorCode}: {e.Message}",
        AggregateException { InnerExceptions.Count: 1 } e => Describe(e.InnerException!),
        _ => null,
    };

    private static bool IsAddressInUse(Exception ex)
    {
        for (var e = ex; e is not null; e = e.InnerException)
        {
            // Kestrel wraps the socket error in its internal AddressInUseException.
            if (e is SocketException { SocketErrorCode: SocketError.AddressAlreadyInUse }
                || e.GetType().Name == "AddressInUseException")
            {
                return true;
            }
        }
        return false;
    }
}
