namespace TimeBank.Api.Data.Entities;

/// <summary>
/// One provider helping several receivers at once (a workshop). Each receiver's share is an ordinary
/// <see cref="Exchange"/> (provider to that receiver, <see cref="Exchange.GroupExchangeId"/> set), so holds, settlement,
/// disputes and the timeline are the exchange's own; this row holds what the group shares: who proposed it, its retry
/// key, and the provider's one completion of all the shares.
/// </summary>
public sealed class GroupExchange
{
    public long Id { get; set; }

    public long CommunityId { get; set; }

    /// <summary>The member who gives the time to every receiver.</summary>
    public long ProviderMemberId { get; set; }

    /// <summary>The user who proposed it: the provider, or a coordinator on the provider's behalf. Scopes <see cref="ClientKey"/>.</summary>
    public long ProposedByUserId { get; set; }

    /// <summary>The proposer's retry key: the same key again returns this group instead of proposing another.</summary>
    public string? ClientKey { get; set; }

    /// <summary>The offer it came from; null for a group proposed directly.</summary>
    public long? ListingId { get; set; }

    public required string Description { get; set; }

    /// <summary>When the provider completed the group (every accepted share completed, the unanswered ones cancelled); null before.</summary>
    public DateTime? CompletedAt { get; set; }

    /// <summary>The user who completed it: the provider, or a coordinator on the provider's behalf.</summary>
    public long? CompletedByUserId { get; set; }

    /// <summary>The provider's note on completion, as each completed share's timeline also records it.</summary>
    public string? CompletionNote { get; set; }

    public DateTime CreatedAt { get; set; }

    public DateTime UpdatedAt { get; set; }

    /// <summary>Bumped on every change, so two completions racing cannot both win.</summary>
    public int Version { get; set; }
}
