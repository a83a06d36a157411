namespace TimeBank.Api.Data.Entities;

/// <summary>
/// A request and an offer of one community that suit each other, with the score and reasons of the last
/// time they were compared. One row per pair; each owner may dismiss it for themselves.
/// </summary>
public sealed class Match
{
    public long Id { get; set; }

    public long CommunityId { get; set; }

    public long OfferListingId { get; set; }

    public long RequestListingId { get; set; }

    /// <summary>The owners' users, kept on the row so "my matches" is an index look-up, not a join per page.</summary>
    public long OfferUserId { get; set; }

    public long RequestUserId { get; set; }

    /// <summary>0 to 1; see MatchScorer for the weights.</summary>
    public double Score { get; set; }

    /// <summary>The <see cref="MatchReason"/> names, comma-separated, strongest first.</summary>
    public string Reasons { get; set; } = "";

    /// <summary>Tags both listings carry, "|garden|hedges|".</summary>
    public string SharedTags { get; set; } = "";

    /// <summary>Words both listings use, "|ladder|paint|".</summary>
    public string CommonWords { get; set; } = "";

    public DateTime CreatedAt { get; set; }

    /// <summary>When the pair was last scored.</summary>
    public DateTime UpdatedAt { get; set; }

    /// <summary>When the offer's owner dismissed it; from then on it is never shown or pushed to them again.</summary>
    public DateTime? OfferDismissedAt { get; set; }

    public DateTime? RequestDismissedAt { get; set; }
}

/// <summary>Why two listings were matched.</summary>
public enum MatchReason
{
    SameCategory,
    SharedTags,
    CommonWords,
    SameNeighbourhood,
    Recent,
}
