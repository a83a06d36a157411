namespace TimeBank.Api.Data.Entities;

/// <summary>
/// One step of an exchange's timeline. Actor is who did it (null for the system's auto-acknowledge),
/// principal on whose behalf: they differ when a coordinator acts for a member.
/// </summary>
public sealed class ExchangeTransition
{
    public long Id { get; set; }

    public long ExchangeId { get; set; }

    /// <summary>Null for the step that created the exchange.</summary>
    public ExchangeStatus? FromStatus { get; set; }

    public ExchangeStatus ToStatus { get; set; }

    /// <summary>The verb of the step: request, offer, propose, accept, complete, acknowledge, ...</summary>
    public required string Action { get; set; }

    public long? ActorUserId { get; set; }

    public long? PrincipalMemberId { get; set; }

    public int? Minutes { get; set; }

    public string? Note { get; set; }

    public DateTime At { get; set; }
}
