namespace TimeBank.Api.Hosting;

/// <summary>
/// Resolves the data folder, makes it readable by its owner only (it holds password and token hashes and the signing
/// key) and proves it is writable before anything is stored in it.
/// </summary>
public static class DataFolder
{
    /// <summary>rwx for the owner, nothing for anyone else.</summary>
    public const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    public static string Prepare(IConfiguration configuration, string contentRoot)
    {
        var configured = configuration.GetSection(TimeBankOptions.Section).Get<TimeBankOptions>()?.DataDirectory;
        if (string.IsNullOrWhiteSpace(configured))
        {
            throw new StartupException("TimeBank:DataDirectory is empty; set it to a writable folder.");
        }

        var path = Path.GetFullPath(configured, contentRoot);
        try
        {
            if (OperatingSystem.IsWindows())
            {
                // Windows has no modes: the folder inherits the ACL of where the operator put it.
                Directory.CreateDirectory(path);
            }
            else
            {
                Directory.CreateDirectory(path, OwnerOnly);
                // A folder made by an older version, or by hand, may be open to others.
                if (File.GetUnixFileMode(path) != OwnerOnly)
                {
                    File.SetUnixFileMode(path, OwnerOnly);
                }
            }
            // Creating the folder can succeed on a read-only mount, so write a probe file too.
            var probe = Path.Combine(path, $".write-probe-{Environment.ProcessId}");
            File.WriteAllText(probe, "ok");
            File.Delete(probe);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new StartupException($"data folder '{path}' (TimeBank:DataDirectory) is not writable or cannot be made owner-only: {ex.Message}", ex);
        }
        return path;
    }
}
