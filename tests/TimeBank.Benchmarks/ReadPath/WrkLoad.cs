using System.Diagnostics;
using System.Globalization;
using System.Text;
using TimeBank.Benchmarks.Exchanges;

namespace TimeBank.Benchmarks.ReadPath;

/// <summary>
/// Load from <c>wrk</c> (the OS package): a process of its own, written in C, so the client's cost per request is a
/// small fraction of the server's and the figures are the server's, not the driver's. Each run gets a small Lua script
/// that sets the POST body and headers and prints wrk's own summary in microseconds.
/// </summary>
internal static class WrkLoad
{
    private const string ResultMarker = "READPATH";

    public static bool IsInstalled()
    {
        try
        {
            using var probe = Process.Start(new ProcessStartInfo("wrk", "--version") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false });
            if (probe is null)
            {
                return false;
            }
            probe.WaitForExit();
            return true;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }

    public static async Task<HttpLoad.Figures> RunAsync(Uri url, string body, string? token, int connections, TimeSpan duration)
    {
        var script = Path.Combine(Path.GetTempPath(), $"timebank-readpath-{Guid.NewGuid():N}.lua");
        await File.WriteAllTextAsync(script, Script(body, token));
        try
        {
            var start = new ProcessStartInfo("wrk") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            // One wrk thread per core: more only adds context switches on a machine the server shares.
            foreach (var argument in new[]
            {
                "-t", Math.Min(Environment.ProcessorCount, connections).ToString(CultureInfo.InvariantCulture),
                "-c", connections.ToString(CultureInfo.InvariantCulture),
                "-d", $"{Math.Max(1, (int)duration.TotalSeconds)}s",
                "--timeout", "10s",
                "-s", script,
                url.ToString(),
            })
            {
                start.ArgumentList.Add(argument);
            }
            using var wrk = Process.Start(start) ?? throw new InvalidOperationException("wrk did not start");
            var output = wrk.StandardOutput.ReadToEndAsync();
            var errors = wrk.StandardError.ReadToEndAsync();
            await wrk.WaitForExitAsync();
            return Parse(await output, await errors, wrk.ExitCode);
        }
        finally
        {
            File.Delete(script);
        }
    }

    private static string Script(string body, string? token)
    {
        var lua = new StringBuilder();
        lua.AppendLine("wrk.method = \"POST\"");
        // A long bracket: the JSON's quotes and backslashes stay as they are.
        lua.AppendLine(CultureInfo.InvariantCulture, $"wrk.body = [==[{body}]==]");
        lua.AppendLine("wrk.headers[\"Content-Type\"] = \"application/json\"");
        if (token is not null)
        {
            lua.AppendLine(CultureInfo.InvariantCulture, $"wrk.headers[\"Authorization\"] = \"Bearer {token}\"");
        }
        lua.AppendLine("done = function(summary, latency, requests)");
        lua.AppendLine("  local e = summary.errors");
        lua.AppendLine(CultureInfo.InvariantCulture,
            $"  io.write(string.format(\"{ResultMarker} %d %d %d %d %d %d\\n\", summary.requests, summary.duration, latency:percentile(50), latency:percentile(99), e.status, e.connect + e.read + e.write + e.timeout))");
        lua.AppendLine("end");
        return lua.ToString();
    }

    private static HttpLoad.Figures Parse(string output, string errors, int exitCode)
    {
        var line = output.Split('\n').FirstOrDefault(l => l.StartsWith(ResultMarker, StringComparison.Ordinal));
        if (exitCode != 0 || line is null)
        {
            throw new InvalidOperationException($"wrk exited with {exitCode}: {output} {errors}");
        }
        var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1..].Select(f => long.Parse(f, CultureInfo.InvariantCulture)).ToArray();
        var (requests, microseconds, p50, p99, badStatus, socketErrors) = (fields[0], fields[1], fields[2], fields[3], fields[4], fields[5]);
        if (badStatus > 0 || socketErrors > 0)
        {
            throw new InvalidOperationException($"wrk saw {badStatus} answers that were not 2xx/3xx and {socketErrors} socket errors in {requests} requests");
        }
        return new HttpLoad.Figures((int)requests, requests / (microseconds / 1e6), p50 / 1000.0, p99 / 1000.0);
    }
}
