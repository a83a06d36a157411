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
}
