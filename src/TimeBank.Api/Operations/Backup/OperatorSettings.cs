using Microsoft.Data.Sqlite;
using TimeBank.Api.Data;

namespace TimeBank.Api.Operations.Backup;

/// <summary>The data folder and database a verb on the host works on, read from the same settings as the API's.</summary>
public sealed record OperatorSettings(string DataFolder, string ConnectionString, IConfiguration Configuration)
{
    /// <summary>The database file's full path; a verb that needs a file refuses an in-memory database.</summary>
    public string DatabaseFile
    {
        get
        {
            var source = new SqliteConnectionStringBuilder(ConnectionString);
            if (source.Mode == SqliteOpenMode.Memory || source.DataSource is ":memory:" || source.DataSource.StartsWith("file:", StringComparison.Ordinal))
            {
                throw new BackupException("ConnectionStrings:TimeBank does not name a database file; backup and restore work on files.");
            }
            return Path.GetFullPath(source.DataSource);
        }
    }

    /// <summary>
    /// Reads the settings (<c>--TimeBank:DataDirectory=...</c>, environment, appsettings) as the API would, and prepares
    /// the data folder as the API would (owner-only, writable).
    /// </summary>
    public static OperatorSettings Read(string[] settings)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = settings });
        var folder = Hosting.DataFolder.Prepare(builder.Configuration, builder.Environment.ContentRootPath);
        return new OperatorSettings(folder, DatabaseRegistration.ResolveConnectionString(builder.Configuration.GetConnectionString("TimeBank"), folder),
            builder.Configuration);
    }

    /// <summary>Splits <c>VERB WORD... --setting=value...</c> into the words after the verb and the settings.</summary>
    public static (string[] Words, string[] Settings) Split(string[] args)
    {
        var words = args.Skip(1).TakeWhile(a => !a.StartsWith("--", StringComparison.Ordinal)).ToArray();
        return (words, args.Skip(1 + words.Length).ToArray());
    }
}
