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

    /// <summary>
    /// Failed logins from one client address (an IPv6 /64) for one email, within <see cref="LockoutDuration"/>, that
    /// lock that address out of that email for <see cref="LockoutDuration"/>. Other addresses are not affected.
    /// </summary>
    public int LockoutThreshold { get; set; } = 5;

    public TimeSpan LockoutDuration { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Logins and registrations allowed per client address (an IPv6 /64) per minute.</summary>
    public int LoginAttemptsPerMinute { get; set; } = 10;

    /// <summary>
    /// An external OpenID Connect issuer (e.g. https://login.example.org/realms/tb). When set, its
    /// tokens are accepted instead of ours and <c>register</c>/<c>login</c> are refused.
    /// </summary>
    public string Authority { get; set; } = "";
}
