namespace TimeBank.Api.Tests.Features.Exchanges;

/// <summary>Who may start an exchange with whom; a refused start writes nothing.</summary>
public sealed class StartExchangeTests(ExchangesFixture bank) : IClassFixture<ExchangesFixture>
{
    public static TheoryData<string, string, string, string?> Refusals => new()
    {
        // person, counterpart (member of riverside unless "hillside:..."), expected code, on behalf of
        { "", "tom", "UNAUTHENTICATED", null },
        { "outsider", "tom", "NOT_FOUND", null },
        { "maria", "maria", "INVALID_INPUT", null },
        { "maria", "hillside:outsider", "NOT_FOUND", null },
        { "maria", "tom", "FORBIDDEN", "sam" },
        { "coordinator", "tom", "INVALID_INPUT", "tom" },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public async Task ProposingIsRefusedWithItsCodeAndWritesNothing(string person, string counterpart, string code, string? onBehalfOf)
    {
        var counterpartId = counterpart.StartsWith("hillside:", StringComparison.Ordinal)
            ? bank.Hillside.People[counterpart["hillside:".Length..]].MemberId
            : bank.Member(counterpart);
        var before = bank.Fingerprint();

        var response = await bank.MutateAsync("proposeExchange", person.Length == 0 ? null : bank.Token(person), new
        {
            counterpartMemberId = counterpartId,
            myRole = "RECEIVER",
            minutes = 30,
            onBehalfOfMemberId = onBehalfOf is null ? null : bank.Member(onBehalfOf),
        });

        Assert.Equal(code, (string?)response["data"]!["proposeExchange"]!["errors"]![0]!["code"]);
        Assert.Equal(before, bank.Fingerprint());
    }

    [Fact]
    public async Task ACoordinatorProposesOnAMembersBehalfAndTheTimelineNamesThem()
    {
        var exchange = await bank.OkAsync("proposeExchange", "coordinator",
            new { counterpartMemberId = bank.Member("tom"), myRole = "RECEIVER", minutes = 30, onBehalfOfMemberId = bank.Member("maria") });

        Assert.Equal("maria", (string?)exchange["receiver"]!["displayName"]);
        Assert.Equal("maria", (string?)exchange["timeline"]![0]!["principal"]!["displayName"]);
        Assert.Equal("RECEIVER", (string?)exchange["proposedBy"]);
    }

    [Fact]
    public async Task MinutesOutsideOneToADayAreInvalidInput()
    {
        var response = await bank.MutateAsync("proposeExchange", bank.Token("maria"),
            new { counterpartMemberId = bank.Member("tom"), myRole = "PROVIDER", minutes = 0 });

        Assert.Equal("INVALID_INPUT", (string?)response["data"]!["proposeExchange"]!["errors"]![0]!["code"]);
    }
}
