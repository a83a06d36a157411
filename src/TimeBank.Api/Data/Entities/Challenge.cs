namespace TimeBank.Api.Data.Entities;

/// <summary>
/// A shared problem a community takes on together: what it needs (minutes per category, in <see cref="ChallengeNeed"/>),
/// who leads it, and its own pooled account on the ledger, opened when a coordinator approves it.
/// </summary>
public sealed class Challenge
{
    public long Id { get; set; }

    public long CommunityId { get; set; }

    public required string Title { get; set; }

    public required string Description { get; set; }

    /// <summary>Where it happens, in the community's own words; null for the whole community.</summary>
    public string? Neighbourhood { get; set; }

    /// <summary>When it should be achieved by (UTC); null for no deadline.</summary>
    public DateTime? Deadline { get; set; }

    public ChallengeStatus Status { get; set; }

    /// <summary>The member who proposed it (or for whom a coordinator did).</summary>
    public long ProposedByMemberId { get; set; }

    /// <summary>The member who leads it: the proposer unless a coordinator names another.</summary>
    public long LeadMemberId { get; set; }

    /// <summary>The challenge's POOL account on the ledger, opened on approval; null before.</summary>
    public long? PoolAccountId { get; set; }

    /// <summary>The entry that returned what was left in the pool to the community fund on closing; null if nothing was left.</summary>
    public long? ClosingEntrySequence { get; set; }

    /// <summary>Why a coordinator declined it; null otherwise.</summary>
    public string? DeclineReason { get; set; }

    /// <summary>When members offering a needed category were told it needs them (once per challenge); null before.</summary>
    public DateTime? NeedsYouSentAt { get; set; }

    public DateTime CreatedAt { get; set; }

    public DateTime UpdatedAt { get; set; }

    /// <summary>Bumped on every change, so two changes racing on one challenge cannot both win.</summary>
    public int Version { get; set; }
}

public enum ChallengeStatus
{
    Proposed,
    Open,
    Achieved,
    Closed,
    Declined,
}
