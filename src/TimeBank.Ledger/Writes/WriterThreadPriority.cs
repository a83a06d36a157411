using System.Runtime.InteropServices;

namespace TimeBank.Ledger.Writes;

/// <summary>What the writer's thread asked the operating system for, and what it got.</summary>
/// <param name="Requested">The nice value asked for (<see cref="LedgerWriterOptions.ThreadNice"/>); 0 asks for nothing.</param>
/// <param name="Nice">The nice value the thread runs at, read back; null where there is none to read (not Linux).</param>
/// <param name="Error">Why it was refused (the <c>errno</c> name), or null.</param>
public sealed record WriterThreadPriority(int Requested, int? Nice, string? Error)
{
    /// <summary>Whether the thread runs at the nice value asked for.</summary>
    public bool Raised => Requested != 0 && Nice == Requested;

    /// <summary>For the operator's log.</summary>
    public override string ToString() =>
        Requested == 0 ? $"left at the process's priority (nice {Nice?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "n/a"})"
        : Raised ? $"at nice {Requested}"
        : Error is null ? $"left at the process's priority: nice values are Linux's, this is {RuntimeInformation.OSDescription}"
        : $"left at the process's priority (nice {Nice}): asking for nice {Requested} was refused ({Error}); grant the process CAP_SYS_NICE, " +
          $"or a nice limit (systemd LimitNICE={Requested}, ulimit -e {20 - Requested}), or set TimeBank:LedgerWriterNice to 0 to stop asking";

    /// <summary>
    /// Sets the calling thread's nice value (Linux: <c>setpriority</c> on a thread id changes that thread alone) and reads
    /// it back. Raising a priority needs CAP_SYS_NICE or a nice limit (RLIMIT_NICE) that allows it; refused, the thread
    /// runs as before.
    /// </summary>
    internal static WriterThreadPriority SetForCurrentThread(int nice)
    {
        if (!OperatingSystem.IsLinux())
        {
            return new(nice, null, null);
        }
        int thread;
        try
        {
            thread = Native.gettid();
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException)
        {
            // A C library without gettid (glibc before 2.30) or not found under that name: no way to name the thread.
            return new(nice, null, ex.GetType().Name);
        }
        string? error = null;
        if (nice != 0 && Native.setpriority(Native.PrioProcess, thread, nice) != 0)
        {
            error = Marshal.GetLastPInvokeError() switch
            {
                1 => "EPERM",
                13 => "EACCES",
                var other => $"errno {other}",
            };
        }
        // getpriority returns the nice value itself, and -1 is one: errno, cleared first, tells the two apart.
        Marshal.SetLastPInvokeError(0);
        var current = Native.getpriority(Native.PrioProcess, thread);
        return new(nice, current == -1 && Marshal.GetLastPInvokeError() != 0 ? null : current, error);
    }

    private static class Native
    {
        public const int PrioProcess = 0;

#pragma warning disable SYSLIB1054 // LibraryImport's generated code needs unsafe blocks, which no project here allows; these are blittable.
        [DllImport("libc", SetLastError = true)]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
        public static extern int gettid();

        [DllImport("libc", SetLastError = true)]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
        public static extern int setpriority(int which, int who, int prio);

        [DllImport("libc", SetLastError = true)]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
        public static extern int getpriority(int which, int who);
#pragma warning restore SYSLIB1054
    }
}
