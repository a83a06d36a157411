namespace TimeBank.Api.Data.Entities;

/// <summary>A login. The same user may be a member of several communities.</summary>
public sealed class User
{
    public long Id { get; set; }

    /// <summary>Lower-cased and trimmed, unique; null once the user is erased.</summary>
    public string? Email { get; set; }

    /// <summary>ASP.NET Core Identity's hash; null for users of an external issuer.</summary>
    public string? PasswordHash { get; set; }

    /// <summary>The <c>sub</c> claim of an external OpenID Connect issuer.</summary>
    public string? ExternalSubject { get; set; }

    /// <summary>A deployment administrator: creates communities.</summary>
    public bool IsAdmin { get; set; }

    public DateTime CreatedAt { get; set; }

    public int FailedLoginCount { get; set; }

    public DateTime? LockedOutUntil { get; set; }

    public DateTime? ErasedAt { get; set; }
}
