namespace TimeBank.Api.Data.Entities;

/// <summary>An OFFER (I can do this) or a REQUEST (I need this) of one member in one community.</summary>
public sealed class Listing
{
    public long Id { get; set; }

    public long CommunityId { get; set; }

    public long OwnerMemberId { get; set; }

    public ListingKind Kind { get; set; }

    public required string Title { get; set; }

    public required string Description { get; set; }

    public long CategoryId { get; set; }

    /// <summary>
    /// Lower-case free tags in one column, "|bike repair|garden|": the search index reads them from this
    /// row, and "has any of these tags" is a LIKE within the community's few open listings.
    /// </summary>
    public string Tags { get; set; } = "";

    public int? EstimatedMinutes { get; set; }

    public string? Neighbourhood { get; set; }

    public DateTime ExpiresAt { get; set; }

    public ListingStatus Status { get; set; }

    /// <summary>When the owner was told the listing expires soon; set once, so the reminder goes out once.</summary>
    public DateTime? ExpiryReminderSentAt { get; set; }

    public DateTime CreatedAt { get; set; }

    public DateTime UpdatedAt { get; set; }

    /// <summary>The user who made the last change: the owner, or a coordinator acting on their behalf.</summary>
    public long UpdatedByUserId { get; set; }
}

public enum ListingKind
{
    Offer,
    Request,
}

public enum ListingStatus
{
    Open,
    Paused,
    Closed,
    Expired,
}
