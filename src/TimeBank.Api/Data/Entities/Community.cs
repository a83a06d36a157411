namespace TimeBank.Api.Data.Entities;

/// <summary>A time bank: the tenant every member, listing, exchange and account belongs to.</summary>
public sealed class Community
{
    public long Id { get; set; }

    public required string Slug { get; set; }

    public required string Name { get; set; }

    /// <summary>An IANA time zone such as Europe/Lisbon, for showing local dates.</summary>
    public required string TimeZone { get; set; }

    public DateTime CreatedAt { get; set; }

    public long CreatedByUserId { get; set; }

    /// <summary>The version of <see cref="CommunityPolicy"/> in force.</summary>
    public int PolicyVersion { get; set; }

    /// <summary>The ledger group holding every account of this community; it sums to zero.</summary>
    public required string LedgerGroup { get; set; }

    /// <summary>The community's fund account in the ledger.</summary>
    public long FundAccountId { get; set; }

    /// <summary>The ledger account grants and opening balances come from.</summary>
    public long IssuanceAccountId { get; set; }
}
