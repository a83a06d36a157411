using TimeBank.Api.Data.Entities;

namespace TimeBank.Api.Schema;

/// <summary>
/// How many items each unpaged list of objects can hold, declared on its field with <c>ListSize.MaxItems</c> so the
/// complexity budget counts its selection that many times (pages count by their <c>first</c>/<c>last</c>).
/// </summary>
public static class ListBounds
{
    /// <summary>
    /// A user's memberships, one per community joined. No rule caps them: communities are created by deployment
    /// admins only and a person belongs to a few; this is the budget's estimate, not a limit.
    /// </summary>
    public const int MembershipsPerUser = 10;

    /// <summary>
    /// A community's categories (and so its needs by category). No rule caps them: coordinators add them, the
    /// default taxonomy has fewer than 30; this is the budget's estimate, not a limit.
    /// </summary>
    public const int CategoriesPerCommunity = 100;

    /// <summary>
    /// An exchange's timeline: every step but feedback enters a status the exchange never held before, and each
    /// side leaves feedback once (FEEDBACK_ALREADY_LEFT).
    /// </summary>
    public static readonly int ExchangeSteps = Enum.GetValues<ExchangeStatus>().Length + 2;

    /// <summary>
    /// A ledger entry's postings. Every entry the API writes has two (a transfer between two accounts, or its reversal);
    /// the ledger allows more, so this is the budget's estimate with room to spare, not a limit.
    /// </summary>
    public const int PostingsPerEntry = 4;
}
