namespace TimeBank.Api.Data.Entities;

/// <summary>
/// A member's promise of minutes of one category to a challenge: one row per member and category, changed in place
/// when the member pledges again, and kept (WITHDRAWN) when withdrawn, so progress counts only active pledges.
/// </summary>
public sealed class ChallengePledge
{
    public long Id { get; set; }

    public long ChallengeId { get; set; }

    /// <summary>The member who pledges their time (the principal, also when a coordinator pledged for them).</summary>
    public long MemberId { get; set; }

    public long CategoryId { get; set; }

    public int Minutes { get; set; }

    public PledgeStatus Status { get; set; }

    /// <summary>The user who made the last change: the member, or a coordinator acting for them.</summary>
    public long ChangedByUserId { get; set; }

    public DateTime CreatedAt { get; set; }

    public DateTime UpdatedAt { get; set; }

    /// <summary>Bumped on every change, so two changes racing on one pledge cannot both win.</summary>
    public int Version { get; set; }
}

public enum PledgeStatus
{
    Active,
    Withdrawn,
}
