namespace TimeBank.Api.Data.Entities;

/// <summary>
/// One refresh token, stored only as a hash. Each use replaces it with a new one of the same family;
/// presenting a token that was already replaced revokes the whole family (it was stolen or replayed).
/// </summary>
public sealed class RefreshToken
{
    public long Id { get; set; }

    public long UserId { get; set; }

    public required string TokenHash { get; set; }

    public Guid FamilyId { get; set; }

    public DateTime CreatedAt { get; set; }

    public DateTime ExpiresAt { get; set; }

    public DateTime? RevokedAt { get; set; }
}
