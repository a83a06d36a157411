namespace TimeBank.Api.Data.Entities;

/// <summary>
/// One version of a community's rules. A change adds a version and never edits an old one, so every
/// ledger entry can say which rules applied when it was written.
/// </summary>
public sealed class CommunityPolicy
{
    public long CommunityId { get; set; }

    public int Version { get; set; }

    /// <summary>The lowest balance a member may reach (negative: hours may be owed).</summary>
    public long FloorMinutes { get; set; }

    /// <summary>The highest balance a member may reach.</summary>
    public long CeilingMinutes { get; set; }

    /// <summary>Minutes posted to a member's account when the membership is approved.</summary>
    public long JoiningGrantMinutes { get; set; }

    /// <summary>Days after which a completed exchange nobody answered is settled by the system.</summary>
    public int AutoAcknowledgeDays { get; set; }

    public bool RequiresApproval { get; set; }

    /// <summary>Whether a receiver may record an exchange that already happened, settled at once.</summary>
    public bool AllowsDirectRecording { get; set; }

    public DateTime CreatedAt { get; set; }

    public long CreatedByUserId { get; set; }
}
