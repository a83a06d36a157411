namespace TimeBank.Api.Hosting;

/// <summary>The <c>TimeBank</c> configuration section.</summary>
public sealed class TimeBankOptions
{
    public const string Section = "TimeBank";

    /// <summary>Folder for the SQLite file and generated keys; relative paths start at the content root.</summary>
    public string DataDirectory { get; set; } = "data";
}
