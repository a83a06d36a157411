using System.Globalization;

namespace TimeBank.Benchmarks.Hostile;

/// <summary>
/// What Linux knows about the API's process: CPU time used so far (user + system, every thread, dead
/// ones included) and the peak resident memory since the last reset.
/// </summary>
internal sealed class ServerProcess(int processId)
{
    // USER_HZ: /proc/<pid>/stat counts CPU time in these ticks (100 per second on every Linux we run).
    private const double MillisecondsPerTick = 10;

    public double CpuMilliseconds()
    {
        var stat = File.ReadAllText($"/proc/{processId}/stat");
        // The command name, in parentheses, may hold spaces; the fields after it are space-separated.
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        var userTicks = long.Parse(fields[11], CultureInfo.InvariantCulture);
        var systemTicks = long.Parse(fields[12], CultureInfo.InvariantCulture);
        return (userTicks + systemTicks) * MillisecondsPerTick;
    }

    /// <summary>Sets the peak (VmHWM) back to the memory in use now, so the next reading is the peak of what follows.</summary>
    public void ResetPeakMemory() => File.WriteAllText($"/proc/{processId}/clear_refs", "5");

    public double PeakMegabytes() => StatusKilobytes("VmHWM") / 1024.0;

    public double ResidentMegabytes() => StatusKilobytes("VmRSS") / 1024.0;

    private long StatusKilobytes(string field)
    {
        var line = File.ReadLines($"/proc/{processId}/status").First(l => l.StartsWith(field + ":", StringComparison.Ordinal));
        return long.Parse(line[(field.Length + 1)..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
    }
}
