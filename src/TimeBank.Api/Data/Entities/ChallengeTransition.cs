namespace TimeBank.Api.Data.Entities;

/// <summary>
/// One step of a challenge's timeline, like an exchange's: who took it (actor) and for whom (principal), what it asked.
/// A repeat of a step is compared with the row that led to the state.
/// </summary>
public sealed class ChallengeTransition
{
    public long Id { get; set; }

    public long ChallengeId { get; set; }

    /// <summary>Null for the step that created the challenge.</summary>
    public ChallengeStatus? FromStatus { get; set; }

    public ChallengeStatus ToStatus { get; set; }

    /// <summary>The verb of the step: propose, approve, decline, update, achieve, close.</summary>
    public required string Action { get; set; }

    public long? ActorUserId { get; set; }

    public long? PrincipalMemberId { get; set; }

    /// <summary>The step's content as a repeat compares it (a reason, a note); null when it has none.</summary>
    public string? Note { get; set; }

    public DateTime At { get; set; }
}
