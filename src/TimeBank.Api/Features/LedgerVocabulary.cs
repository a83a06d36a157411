using System.Globalization;
using TimeBank.Ledger.Writes;

namespace TimeBank.Api.Features;

/// <summary>
/// The words the time bank writes on the ledger: who acted (actor), for whom (principal), why (cause) and the
/// idempotency key of each write. They are the audit trail and are hashed into the ledger's chain, so they are built
/// here only, and never changed: a key written once must be built the same way again for a retry to find it
/// (<c>LedgerVocabularyTests</c> pins every string).
/// </summary>
public static class LedgerVocabulary
{
    /// <summary>The actor of a write the API's own jobs make, on nobody's request.</summary>
    public const string SystemActor = "system";

    /// <summary>The cause type of every write of an exchange, whichever step made it.</summary>
    public const string ExchangeCauseType = "exchange";

    /// <summary>
    /// The cause type recordExchange wrote before recorded exchanges took <see cref="ExchangeCauseType"/>. Entries keep
    /// it (the ledger is immutable); only a retry of such a recording still builds it, to be found.
    /// </summary>
    public const string RecordedExchangeCauseTypeBefore = "exchange-record";

    /// <summary>The actor <c>user:&lt;id&gt;</c>, or <see cref="SystemActor"/> without a user.</summary>
    public static string Actor(long? userId) => userId is { } id ? "user:" + Text(id) : SystemActor;

    /// <summary>The principal of a member: <c>member:&lt;id&gt;</c>.</summary>
    public static string Member(long memberId) => "member:" + Text(memberId);

    /// <summary>On whose behalf: the member when there is one, otherwise the actor acts for itself.</summary>
    public static string Principal(long? memberId, long? userId) => memberId is { } id ? Member(id) : Actor(userId);

    // Exchanges.

    /// <summary>The cause of every write of an existing exchange: the exchange's id.</summary>
    public static LedgerCause ExchangeCause(long exchangeId) => new(ExchangeCauseType, Text(exchangeId));

    /// <summary>
    /// The cause of a recorded exchange's transfer. Its id does not exist until the entry is written, and a retry must
    /// build the same cause, so the cause names the recording (<c>record:&lt;record key&gt;</c>); the exchange is the
    /// one whose settlement entry is this entry.
    /// </summary>
    public static LedgerCause RecordedExchangeCause(string recordKey) => new(ExchangeCauseType, "record:" + recordKey);

    /// <summary>The cause a recording of <paramref name="recordKey"/> was written with before this vocabulary.</summary>
    public static LedgerCause RecordedExchangeCauseBefore(string recordKey) => new(RecordedExchangeCauseTypeBefore, recordKey);

    /// <summary>The key of one step of one exchange (<c>accept</c>, <c>cancel</c>, <c>resolve</c>): each moves minutes at most once.</summary>
    public static string ExchangeStepKey(long exchangeId, string step) => $"exchange:{Text(exchangeId)}:{step}";

    /// <summary>The settlement key of an exchange, whoever settles it, so two settlements racing make one entry.</summary>
    public static string ExchangeSettlementKey(long exchangeId) => ExchangeStepKey(exchangeId, "settle");

    /// <summary>A recording's own key, from the caller's retry key, scoped to the caller; the client's words only as a digest.</summary>
    public static string RecordKey(long userId, string clientKey) => "user:" + Text(userId) + ":" + IdempotencyKeys.Digest(clientKey);

    /// <summary>
    /// A recording without a retry key: every call records. Time-ordered (a version 7 UUID), so the unique indexes the key
    /// lands in (the operation's, the entry's, its cause's) take it at their end rather than on a random page of each.
    /// </summary>
    public static string FreshRecordKey() => Guid.CreateVersion7().ToString("N");

    /// <summary>The ledger key of a recorded exchange's transfer.</summary>
    public static string RecordedExchangeKey(string recordKey) => "exchange:record:" + recordKey;

    // Members.

    /// <summary>The cause of a write about a member (their account, grant, erasure): the member's id.</summary>
    public static LedgerCause MemberCause(long memberId) => new("member", Text(memberId));

    /// <summary>The ledger's name of a member's account.</summary>
    public static string MemberAccountCode(long memberId) => "member-" + Text(memberId);

    public static string MemberAccountKey(long memberId) => $"member:{Text(memberId)}:account";

    public static string JoiningGrantKey(long memberId) => $"member:{Text(memberId)}:joining-grant";

    /// <summary>Each erasure its own key: someone erased who comes back and is erased again must not get the first one's replay.</summary>
    public static string ErasureKey(long memberId, Guid erasure) => $"member:{Text(memberId)}:erase:{erasure:N}";

    // Communities.

    /// <summary>The key of one of a new community's accounts (<c>issuance</c>, <c>fund</c>), per attempt to create it.</summary>
    public static string CommunityAccountKey(string attempt, string account) => $"community:{attempt}:{account}";

    /// <summary>The cause of applying a policy version's limits: <c>&lt;community id&gt;:&lt;policy version&gt;</c>.</summary>
    public static LedgerCause CommunityPolicyCause(long communityId, int policyVersion) => new("community-policy", $"{Text(communityId)}:{Text(policyVersion)}");

    public static string PolicyLimitsKey(long communityId, int policyVersion, long accountId) =>
        $"community:{Text(communityId)}:policy:{Text(policyVersion)}:account:{Text(accountId)}";

    // Corrections and period closes.

    /// <summary>The key of reversing an entry: one per entry, whoever reverses it, so an entry is corrected at most once.</summary>
    public static string ReversalKey(long entrySequence) => $"entry:{Text(entrySequence)}:reverse";

    /// <summary>The cause of a reversal: the entry it corrects.</summary>
    public static LedgerCause ReversalCause(long entrySequence) => new("entry", Text(entrySequence));

    /// <summary>The key of closing a community's books at a time (unix milliseconds): the same close again is a replay.</summary>
    public static string PeriodCloseKey(long communityId, DateTimeOffset endsAt) =>
        $"community:{Text(communityId)}:close:{Text(endsAt.ToUnixTimeMilliseconds())}";

    /// <summary>The cause of a period close: the community whose books close.</summary>
    public static LedgerCause PeriodCloseCause(long communityId) => new("community", Text(communityId));

    // Collective action.

    /// <summary>The cause of every write of a challenge (its pool, donations to it, grants, payments, its closing).</summary>
    public static LedgerCause ChallengeCause(long challengeId) => new("challenge", Text(challengeId));

    /// <summary>The ledger's name of a challenge's pooled account.</summary>
    public static string PoolAccountCode(long challengeId) => "pool-" + Text(challengeId);

    /// <summary>The key of opening a challenge's pool: one pool per challenge, whoever approves it.</summary>
    public static string PoolAccountKey(long challengeId) => $"challenge:{Text(challengeId)}:pool";

    /// <summary>The key of returning what is left in a challenge's pool to the fund: once per challenge.</summary>
    public static string ChallengeCloseKey(long challengeId) => $"challenge:{Text(challengeId)}:close";

    /// <summary>The key of closing a challenge's emptied pool account: once per challenge, after the remainder went to the fund.</summary>
    public static string PoolClosingKey(long challengeId) => $"challenge:{Text(challengeId)}:pool:close";

    /// <summary>The key of paying a verified contribution from the pool: once per contribution.</summary>
    public static string ContributionPaymentKey(long contributionId) => $"contribution:{Text(contributionId)}:pay";

    /// <summary>
    /// The key of a donation or grant (<paramref name="kind"/>: <c>donate</c>, <c>grant</c>), from the caller's retry key,
    /// scoped to the caller; the client's words only as a digest. A call without a retry key takes a fresh one.
    /// </summary>
    public static string GiftKey(string kind, long userId, string clientKey) =>
        $"{kind}:user:{Text(userId)}:{IdempotencyKeys.Digest(clientKey)}";

    /// <summary>The cause of a donation to the community fund: the community.</summary>
    public static LedgerCause FundCause(long communityId) => new("community", Text(communityId));

    private static string Text(long value) => value.ToString(CultureInfo.InvariantCulture);
}
