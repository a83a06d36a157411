using System.Security.Cryptography;
using Microsoft.IdentityModel.Tokens;
using TimeBank.Api.Hosting;

namespace TimeBank.Api.Features.Identity;

/// <summary>
/// The HMAC key that signs access tokens: from configuration, or generated once into the data
/// folder (owner-only permissions) so tokens survive restarts. Never logged.
/// </summary>
public static class SigningKey
{
    public const string FileName = "jwt-signing.key";
    private const int MinimumBytes = 32;

    public static SymmetricSecurityKey Load(AuthOptions options, string dataFolder)
    {
        if (!string.IsNullOrWhiteSpace(options.SigningKey))
        {
            return FromBase64(options.SigningKey, "Auth:SigningKey");
        }

        var path = Path.Combine(dataFolder, FileName);
        if (!File.Exists(path))
        {
            var fresh = Convert.ToBase64String(RandomNumberGenerator.GetBytes(MinimumBytes));
            // CreateNew fails if another process won the race; then both read the winner's key.
            try
            {
                var create = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
                if (!OperatingSystem.IsWindows())
                {
                    create.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
                }
                using var stream = new FileStream(path, create);
                using var writer = new StreamWriter(stream);
                writer.Write(fresh);
            }
            catch (IOException) when (File.Exists(path))
            {
            }
        }
        else if (!OperatingSystem.IsWindows() && File.GetUnixFileMode(path) != (UnixFileMode.UserRead | UnixFileMode.UserWrite))
        {
            // Copied in, or restored from a backup, readable by others: close it to them before using it.
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
        return FromBase64(File.ReadAllText(path).Trim(), path);
    }

    private static SymmetricSecurityKey FromBase64(string base64, string source)
    {
        byte[] bytes;
        try
        {
            bytes = Convert.FromBase64String(base64);
        }
        catch (FormatException)
        {
            throw new StartupException($"{source} is not base64.");
        }
        if (bytes.Length < MinimumBytes)
        {
            throw new StartupException($"{source} is {bytes.Length} bytes; a signing key needs at least {MinimumBytes}.");
        }
        return new SymmetricSecurityKey(bytes) { KeyId = Convert.ToHexString(SHA256.HashData(bytes))[..16] };
    }
}
