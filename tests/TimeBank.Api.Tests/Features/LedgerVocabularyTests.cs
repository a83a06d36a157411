using TimeBank.Api.Features;
using TimeBank.Api.Features.Exchanges;
using TimeBank.Ledger.Writes;

namespace TimeBank.Api.Tests.Features;

/// <summary>
/// Every string the time bank writes on the ledger, exactly. Keys already written must be built the same way again,
/// or a retry would write twice or be refused; a change here is a change to the audit trail, not a refactoring.
/// </summary>
public sealed class LedgerVocabularyTests
{
    // SHA-256 of "sofa-1" (sha256sum): a client's retry key reaches the ledger only as this digest.
    private const string SofaDigest = "10554cfae4057ddf785e70d61a245cbf8282662f3c470cc91b5cbd6ee4338adc";

    [Fact]
    public void ActorsAndPrincipals()
    {
        Assert.Equal("user:42", LedgerVocabulary.Actor(42));
        Assert.Equal("system", LedgerVocabulary.Actor(null));
        Assert.Equal("member:7", LedgerVocabulary.Member(7));
        Assert.Equal("member:7", LedgerVocabulary.Principal(7, 42));
        Assert.Equal("user:42", LedgerVocabulary.Principal(null, 42));
        Assert.Equal("system", LedgerVocabulary.Principal(null, null));
    }

    [Fact]
    public void AnExchangesActorIsItsUserOrTheSystemAndACallerMustBeAUser()
    {
        Assert.Equal(("user:42", "member:7"), (new ExchangeActor(42, 7).LedgerActor, new ExchangeActor(42, 7).LedgerPrincipal));
        Assert.Equal(("system", "system"), (ExchangeActor.System.LedgerActor, ExchangeActor.System.LedgerPrincipal));
        Assert.Equal("user:42", new Caller(42, false).LedgerActor);
        Assert.Throws<InvalidOperationException>(() => Caller.Anonymous.LedgerActor);
    }

    [Fact]
    public void ExchangeKeysAndCauses()
    {
        Assert.Equal("exchange:12:accept", LedgerVocabulary.ExchangeStepKey(12, "accept"));
        Assert.Equal("exchange:12:settle", LedgerVocabulary.ExchangeSettlementKey(12));
        Assert.Equal(new LedgerCause("exchange", "12"), LedgerVocabulary.ExchangeCause(12));
    }

    [Fact]
    public void RecordedExchangesKeepTheirKeysAndTakeTheExchangeCauseType()
    {
        var recordKey = LedgerVocabulary.RecordKey(42, "sofa-1");

        Assert.Equal("user:42:" + SofaDigest, recordKey);
        Assert.Equal("exchange:record:" + recordKey, LedgerVocabulary.RecordedExchangeKey(recordKey));
        Assert.Equal(new LedgerCause("exchange", "record:" + recordKey), LedgerVocabulary.RecordedExchangeCause(recordKey));
        Assert.Equal(new LedgerCause("exchange-record", recordKey), LedgerVocabulary.RecordedExchangeCauseBefore(recordKey));
        Assert.Matches("^[0-9a-f]{32}$", LedgerVocabulary.FreshRecordKey());
    }

    [Fact]
    public void FreshRecordKeysMadeLaterSortLaterSoTheirIndexesGrowAtTheEnd()
    {
        var keys = new List<string>();
        for (var i = 0; i < 20; i++)
        {
            keys.Add(LedgerVocabulary.FreshRecordKey());
            // A version 7 key orders by the millisecond of the wall clock it was made in (within one it is random), and
            // random keys would be in order one time in 2^19. Waiting for the clock itself, not a timer: a 2 ms delay
            // once ended within the same millisecond of UtcNow.
            var made = DateTime.UtcNow.Ticks / TimeSpan.TicksPerMillisecond;
            SpinWait.SpinUntil(() => DateTime.UtcNow.Ticks / TimeSpan.TicksPerMillisecond > made);
        }

        Assert.Equal(keys.Order(StringComparer.Ordinal), keys);
    }

    [Fact]
    public void CollectiveActionKeysAndCauses()
    {
        Assert.Equal(new LedgerCause("challenge", "9"), LedgerVocabulary.ChallengeCause(9));
        Assert.Equal("pool-9", LedgerVocabulary.PoolAccountCode(9));
        Assert.Equal("challenge:9:pool", LedgerVocabulary.PoolAccountKey(9));
        Assert.Equal("challenge:9:close", LedgerVocabulary.ChallengeCloseKey(9));
        Assert.Equal("challenge:9:pool:close", LedgerVocabulary.PoolClosingKey(9));
        Assert.Equal("contribution:31:pay", LedgerVocabulary.ContributionPaymentKey(31));
        Assert.Equal("donate:user:42:" + SofaDigest, LedgerVocabulary.GiftKey("donate", 42, "sofa-1"));
        Assert.Equal(new LedgerCause("community", "3"), LedgerVocabulary.FundCause(3));
    }

    [Fact]
    public void MemberKeysAndCauses()
    {
        Assert.Equal("member-7", LedgerVocabulary.MemberAccountCode(7));
        Assert.Equal("member:7:account", LedgerVocabulary.MemberAccountKey(7));
        Assert.Equal("member:7:joining-grant", LedgerVocabulary.JoiningGrantKey(7));
        Assert.Equal("member:7:erase:0123456789abcdef0123456789abcdef", LedgerVocabulary.ErasureKey(7, Guid.Parse("01234567-89ab-cdef-0123-456789abcdef")));
        Assert.Equal(new LedgerCause("member", "7"), LedgerVocabulary.MemberCause(7));
    }

    [Fact]
    public void CommunityKeysAndCauses()
    {
        Assert.Equal("community:attempt1:issuance", LedgerVocabulary.CommunityAccountKey("attempt1", "issuance"));
        Assert.Equal("community:3:policy:2:account:99", LedgerVocabulary.PolicyLimitsKey(3, 2, 99));
        Assert.Equal(new LedgerCause("community-policy", "3:2"), LedgerVocabulary.CommunityPolicyCause(3, 2));
    }

    [Fact]
    public void CorrectionAndPeriodCloseKeysAndCauses()
    {
        Assert.Equal("entry:15:reverse", LedgerVocabulary.ReversalKey(15));
        Assert.Equal(new LedgerCause("entry", "15"), LedgerVocabulary.ReversalCause(15));
        Assert.Equal("community:3:close:1764403200000", LedgerVocabulary.PeriodCloseKey(3, new DateTimeOffset(2025, 11, 29, 8, 0, 0, TimeSpan.Zero)));
        Assert.Equal(new LedgerCause("community", "3"), LedgerVocabulary.PeriodCloseCause(3));
    }
}
