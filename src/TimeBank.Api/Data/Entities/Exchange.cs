namespace TimeBank.Api.Data.Entities;

/// <summary>
/// One member helping another in one community, from the first ask to the hours posted on the ledger.
/// The ledger holds the minutes (a hold, then one entry); this row holds where the exchange stands.
/// </summary>
public sealed class Exchange
{
    public long Id { get; set; }

    public long CommunityId { get; set; }

    /// <summary>The member who gives the time and is credited.</summary>
    public long ProviderMemberId { get; set; }

    /// <summary>The member who receives the help and is debited.</summary>
    public long ReceiverMemberId { get; set; }

    /// <summary>The member who started it; the other party is the one who accepts or declines.</summary>
    public long ProposedByMemberId { get; set; }

    /// <summary>The offer or request it came from; null for a direct exchange.</summary>
    public long? ListingId { get; set; }

    /// <summary>The group exchange (a workshop) this is one receiver's share of; null for a one-to-one exchange.</summary>
    public long? GroupExchangeId { get; set; }

    public required string Description { get; set; }

    public int AgreedMinutes { get; set; }

    /// <summary>What the provider says it took (on completion) or what a coordinator settled on.</summary>
    public int? ActualMinutes { get; set; }

    public ExchangeStatus Status { get; set; }

    /// <summary>The ledger hold on the receiver's account, placed on acceptance.</summary>
    public long? HoldId { get; set; }

    /// <summary>The ledger entry that moved the minutes, once settled.</summary>
    public long? SettlementEntrySequence { get; set; }

    public string? CompletionNote { get; set; }

    public string? DisputeReason { get; set; }

    /// <summary>When the provider completed it: the auto-acknowledge clock starts here.</summary>
    public DateTime? CompletedAt { get; set; }

    public DateTime? SettledAt { get; set; }

    public int? ProviderRating { get; set; }

    public string? ProviderFeedback { get; set; }

    public int? ReceiverRating { get; set; }

    public string? ReceiverFeedback { get; set; }

    public DateTime CreatedAt { get; set; }

    public DateTime UpdatedAt { get; set; }

    /// <summary>Bumped on every change, so two changes racing on one exchange cannot both win.</summary>
    public int Version { get; set; }
}

public enum ExchangeStatus
{
    Requested,
    Accepted,
    Completed,
    Disputed,
    Settled,
    Declined,
    Cancelled,
}
