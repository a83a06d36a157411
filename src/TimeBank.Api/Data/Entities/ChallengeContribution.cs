namespace TimeBank.Api.Data.Entities;

/// <summary>
/// Minutes a member worked on a challenge, logged with a note, then verified (and paid from the challenge's pool in
/// the entry <see cref="PaymentEntrySequence"/>) or rejected with a reason by its lead or a coordinator.
/// </summary>
public sealed class ChallengeContribution
{
    public long Id { get; set; }

    public long ChallengeId { get; set; }

    /// <summary>The member who did the work and is paid for it.</summary>
    public long ContributorMemberId { get; set; }

    public long CategoryId { get; set; }

    public int Minutes { get; set; }

    /// <summary>What was done, in the contributor's words; null when nothing was said.</summary>
    public string? Note { get; set; }

    public ContributionStatus Status { get; set; }

    /// <summary>Why it was rejected; null otherwise.</summary>
    public string? DecisionReason { get; set; }

    /// <summary>The user who logged it: the contributor, or a coordinator acting for them.</summary>
    public long LoggedByUserId { get; set; }

    /// <summary>
    /// The logger's retry key as a digest, so a retried log finds the first one; null when the client sent none.
    /// Unique per logger.
    /// </summary>
    public string? RetryKey { get; set; }

    /// <summary>The user who verified or rejected it; null while LOGGED.</summary>
    public long? DecidedByUserId { get; set; }

    /// <summary>The ledger entry that paid it from the pool; null unless VERIFIED.</summary>
    public long? PaymentEntrySequence { get; set; }

    public DateTime CreatedAt { get; set; }

    public DateTime? DecidedAt { get; set; }

    /// <summary>Bumped on every change, so two decisions racing on one contribution cannot both win.</summary>
    public int Version { get; set; }
}

public enum ContributionStatus
{
    Logged,
    Verified,
    Rejected,
}
