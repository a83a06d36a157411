using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TimeBank.Api.Data;
using TimeBank.Api.Data.Entities;
using TimeBank.Ledger.Writes;

namespace TimeBank.Api.Tests.Features.Exchanges;

/// <summary><c>recordExchange</c> with an idempotency key: a retry after a lost answer must not record twice.</summary>
public sealed class RecordExchangeTests(ExchangesFixture bank) : IClassFixture<ExchangesFixture>
{
    [Fact]
    public async Task TheSameKeyTwiceRecordsOnce()
    {
        var entries = bank.EntriesOfRecorded();
        var receiver = await bank.AccountOfAsync("sam");
        var input = new { providerMemberId = bank.Member("tom"), minutes = 40, description = "moved a sofa", idempotencyKey = "sofa-1" };

        var first = await bank.OkAsync("recordExchange", "sam", input);
        var second = await bank.OkAsync("recordExchange", "sam", input);

        Assert.Equal((string?)first["id"], (string?)second["id"]);
        Assert.Equal(first.ToJsonString(), second.ToJsonString());
        Assert.Equal(entries + 1, bank.EntriesOfRecorded());
        Assert.Equal((receiver.Balance - 40, receiver.Available - 40), await bank.AccountOfAsync("sam"));
        Assert.Empty(await bank.ReconcileAsync());
    }

    [Fact]
    public async Task TheSameKeyWithOtherContentIsRefusedAndChangesNothing()
    {
        await bank.OkAsync("recordExchange", "sam", new { providerMemberId = bank.Member("tom"), minutes = 20, idempotencyKey = "lift-1" });
        var before = bank.Fingerprint();

        var response = await bank.MutateAsync("recordExchange", bank.Token("sam"),
            new { providerMemberId = bank.Member("tom"), minutes = 25, idempotencyKey = "lift-1" });

        var error = response["data"]!["recordExchange"]!["errors"]![0]!;
        Assert.Equal("IDEMPOTENCY_CONFLICT", (string?)error["code"]);
        Assert.Equal("""["input","idempotencyKey"]""", error["path"]!.ToJsonString());
        Assert.Equal(before, bank.Fingerprint());
    }

    [Fact]
    public async Task KeysAreEachCallersOwn()
    {
        var entries = bank.EntriesOfRecorded();

        var sams = await bank.OkAsync("recordExchange", "sam", new { providerMemberId = bank.Member("tom"), minutes = 10, idempotencyKey = "same-words" });
        var marias = await bank.OkAsync("recordExchange", "maria", new { providerMemberId = bank.Member("tom"), minutes = 10, idempotencyKey = "same-words" });

        Assert.NotEqual((string?)sams["id"], (string?)marias["id"]);
        Assert.Equal(entries + 2, bank.EntriesOfRecorded());
    }

    [Fact]
    public async Task WithoutAKeyEveryCallRecords()
    {
        var entries = bank.EntriesOfRecorded();
        var input = new { providerMemberId = bank.Member("tom"), minutes = 5 };

        await bank.OkAsync("recordExchange", "sam", input);
        await bank.OkAsync("recordExchange", "sam", input);

        Assert.Equal(entries + 2, bank.EntriesOfRecorded());
    }

    [Fact]
    public async Task AnEmptyKeyIsInvalidInput()
    {
        var response = await bank.MutateAsync("recordExchange", bank.Token("sam"), new { providerMemberId = bank.Member("tom"), minutes = 5, idempotencyKey = "" });

        Assert.Equal("INVALID_INPUT", (string?)response["data"]!["recordExchange"]!["errors"]![0]!["code"]);
    }

    /// <summary>An auditor filtering the ledger by the cause type "exchange" finds recorded exchanges too.</summary>
    [Fact]
    public async Task ARecordedExchangesEntryHasTheCauseTypeOfEveryExchangeStep()
    {
        var keyed = await bank.OkAsync("recordExchange", "sam", new { providerMemberId = bank.Member("tom"), minutes = 15, idempotencyKey = "cause-1" });
        var unkeyed = await bank.OkAsync("recordExchange", "sam", new { providerMemberId = bank.Member("tom"), minutes = 15 });

        var (type, id) = bank.CauseOf((long)keyed["settlementEntrySequence"]!);
        Assert.Equal("exchange", type);
        Assert.StartsWith("record:user:", id, StringComparison.Ordinal);
        Assert.Equal("exchange", bank.CauseOf((long)unkeyed["settlementEntrySequence"]!).Type);
    }

    /// <summary>
    /// Recordings made before recorded exchanges took the cause type "exchange" keep "exchange-record" on the ledger
    /// (which is immutable); a client retrying one with the same key after the change still gets its exchange.
    /// </summary>
    [Fact]
    public async Task ARetryOfARecordingWrittenWithTheFormerCauseTypeIsFound()
    {
        var recorded = await RecordAsBeforeAsync("sam", "tom", 35, "carried boxes", "boxes-1");
        var before = bank.Fingerprint();

        var retried = await bank.OkAsync("recordExchange", "sam",
            new { providerMemberId = bank.Member("tom"), minutes = 35, description = "carried boxes", idempotencyKey = "boxes-1" });

        Assert.Equal(recorded.Id.ToString(CultureInfo.InvariantCulture), ExchangesFixture.KeyOf((string)retried["id"]!));
        Assert.Equal(before, bank.Fingerprint());
        var otherContent = await bank.MutateAsync("recordExchange", bank.Token("sam"),
            new { providerMemberId = bank.Member("tom"), minutes = 36, description = "carried boxes", idempotencyKey = "boxes-1" });
        Assert.Equal("IDEMPOTENCY_CONFLICT", (string?)otherContent["data"]!["recordExchange"]!["errors"]![0]!["code"]);
        Assert.Equal(before, bank.Fingerprint());
    }

    /// <summary>An exchange recorded as recordExchange wrote it before this change, strings spelled out as they were.</summary>
    private async Task<Exchange> RecordAsBeforeAsync(string receiverName, string providerName, int minutes, string description, string clientKey)
    {
        var services = bank.App.Services;
        await using var db = await services.GetRequiredService<IDbContextFactory<TimeBankDbContext>>().CreateDbContextAsync();
        var receiver = await db.Members.AsNoTracking().SingleAsync(m => m.Id == MemberKey(receiverName));
        var provider = await db.Members.AsNoTracking().SingleAsync(m => m.Id == MemberKey(providerName));
        var policyVersion = await db.Communities.Where(c => c.Id == receiver.CommunityId).Select(c => c.PolicyVersion).SingleAsync();
        var recordKey = "user:" + receiver.UserId.ToString(CultureInfo.InvariantCulture) + ":" + IdempotencyKeys.Digest(clientKey);
        var transfer = Transfer.Between(receiver.AccountId!.Value, provider.AccountId!.Value, minutes, "exchange:record:" + recordKey,
            "user:" + receiver.UserId.ToString(CultureInfo.InvariantCulture)) with
        {
            PrincipalId = "member:" + receiver.Id.ToString(CultureInfo.InvariantCulture),
            Cause = new LedgerCause("exchange-record", recordKey),
            Memo = description,
            PolicyVersion = policyVersion,
        };
        var now = bank.App.Clock.GetUtcNow().UtcDateTime;
        var exchange = new Exchange
        {
            CommunityId = receiver.CommunityId,
            ProviderMemberId = provider.Id,
            ReceiverMemberId = receiver.Id,
            ProposedByMemberId = receiver.Id,
            Description = description,
            AgreedMinutes = minutes,
            ActualMinutes = minutes,
            Status = ExchangeStatus.Settled,
            CompletedAt = now,
            SettledAt = now,
            CreatedAt = now,
            UpdatedAt = now,
        };
        var written = await services.GetRequiredService<LedgerWriter<TimeBankDbContext>>().SubmitAsync(transfer, async (tx, entry, ct) =>
        {
            exchange.SettlementEntrySequence = entry.EntrySequence;
            tx.Exchanges.Add(exchange);
            await tx.SaveChangesAsync(ct);
            tx.ExchangeTransitions.Add(new ExchangeTransition
            {
                ExchangeId = exchange.Id,
                ToStatus = ExchangeStatus.Settled,
                Action = "record",
                ActorUserId = receiver.UserId,
                PrincipalMemberId = receiver.Id,
                Minutes = minutes,
                At = now,
            });
        });
        Assert.True(written.Succeeded, written.Status.ToString());
        return exchange;
    }

    private long MemberKey(string person) => TimeBank.GraphQL.Relay.GlobalId.TryDecode<long>(bank.Member(person), "Member", out var key)
        ? key
        : throw new ArgumentException(person);
}
