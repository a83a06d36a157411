namespace TimeBank.Api.Hosting;

/// <summary>Resolves the data folder and proves it is writable before anything is stored in it.</summary>
public static class DataFolder
{
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
            Directory.CreateDirectory(path);
            // Creating the folder can succeed on a read-only mount, so write a probe file too.
            var probe = Path.Combine(path, $".write-probe-{Environment.ProcessId}");
            File.WriteAllText(probe, "ok");
            File.Delete(probe);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new StartupException($"data folder '{path}' (TimeBank:DataDirectory) is not writable: {ex.Message}", ex);
        }
        return path;
    }
}
