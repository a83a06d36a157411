namespace TimeBank.Api.Operations.Backup;

/// <summary>The <c>Backup</c> configuration section: scheduled backups, off unless <see cref="Every"/> is set.</summary>
public sealed class BackupOptions
{
    public const string Section = "Backup";

    /// <summary>Time between two scheduled backups (the first is taken at start); empty: no scheduled backups.</summary>
    public TimeSpan? Every { get; set; }

    /// <summary>How many scheduled backups are kept; the oldest beyond this are deleted after each new one.</summary>
    public int Keep { get; set; } = 7;

    /// <summary>Where scheduled backups go; relative paths start at the data folder. Empty: <c>backups</c> in the data folder.</summary>
    public string Folder { get; set; } = "";
}
