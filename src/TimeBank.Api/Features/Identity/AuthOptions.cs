namespace TimeBank.Api.Features.Identity;

/// <summary>The <c>Auth</c> configuration section.</summary>
public sealed class AuthOptions
{
    public const string Section = "Auth";

    /// <summary>Issuer and audience of the tokens this API issues.</summary>
    public string Issuer { get; set; } = "timebank";

    public string Audience { get; set; } = "timebank";

    /// <summary>
    /// Base64 of at least 32 random bytes. Empty: a key is generated into the data folder on first
    /// run and reused after.
    /// </summary>
    public string SigningKey { get; set; } = "";

    public TimeSpan AccessTokenLifetime { get; set; } = TimeSpan.FromMinutes(15);

    public TimeSpan RefreshTokenLifetime { get; set; } = TimeSpan.FromDays(30);

    /// <summary>Failed logins in a row before the account is locked for <see cref="LockoutDuration"/>.</summary>
    public int LockoutThreshold { get; set; } = 5;

    public TimeSpan LockoutDuration { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Login attempts allowed per client address per minute.</summary>
    public int LoginAttemptsPerMinute { get; set; } = 10;

    /// <summary>
    /// Emails that become deployment administrators when they register (or log in, for users who
    /// registered before the email was listed): how a fresh deployment gets its first admin.
    /// </summary>
    public string[] AdminEmails { get; set; } = [];

    /// <summary>Whether a (normalised) email is one of <see cref="AdminEmails"/>.</summary>
    public bool IsAdminEmail(string? email) =>
        email is not null && AdminEmails.Any(admin => EmailRules.Normalize(admin) == email);

    /// <summary>
    /// An external OpenID Connect issuer (e.g. https://login.example.org/realms/tb). When set, its
    /// tokens are accepted instead of ours and <c>register</c>/<c>login</c> are refused.
    /// </summary>
    public string Authority { get; set; } = "";
}
