namespace TimeBank.Api.Operations.Backup;

/// <summary>
/// An operating-system lock on <c>timebank.lock</c> in the data folder: every running API holds it shared from start
/// to exit, and <c>restore</c> holds it exclusively while it replaces the database, so neither can happen while the
/// other does. The kernel drops the lock when its holder exits, even killed, so a crash never leaves the folder locked.
/// </summary>
/// <remarks>
/// .NET takes <c>flock</c> on Unix (shared for <see cref="FileShare.Read"/>, exclusive for <see cref="FileShare.None"/>)
/// and share modes on Windows. SQLite's own locks cannot tell the same: an idle API holds no SQLite lock between
/// transactions, even with connections open (a test found a restore going through beside one).
/// </remarks>
public sealed class DataFolderLock : IHostedService, IDisposable
{
    public const string FileName = "timebank.lock";

    private const UnixFileMode OwnerOnlyFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    private readonly FileStream _held;

    private DataFolderLock(FileStream held) => _held = held;

    /// <summary>The lock, shared (an API) or exclusive (a restore); null when someone holds it the other way.</summary>
    public static DataFolderLock? TryTake(string dataFolder, bool exclusive)
    {
        var options = new FileStreamOptions
        {
            Mode = FileMode.OpenOrCreate,
            Access = exclusive ? FileAccess.ReadWrite : FileAccess.Read,
            Share = exclusive ? FileShare.None : FileShare.ReadWrite,
        };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = OwnerOnlyFile;
        }
        var path = Path.Combine(dataFolder, FileName);
        try
        {
            var held = new DataFolderLock(new FileStream(path, options));
            // It holds nothing, but the data folder's files are all owner-only, and a test checks that they are.
            if (!OperatingSystem.IsWindows() && File.GetUnixFileMode(path) != OwnerOnlyFile)
            {
                File.SetUnixFileMode(path, OwnerOnlyFile);
            }
            return held;
        }
        catch (IOException)
        {
            return null;
        }
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public void Dispose() => _held.Dispose();
}
