using TimeBank.Api.Tests.Infrastructure;

namespace TimeBank.Api.Tests.Features.Exchanges;

/// <summary>
/// What a settlement reads before it writes: <c>recordExchange</c> its parties, the policy and the caller's membership, and
/// a step on an exchange (<c>acceptExchange</c>, <c>acknowledgeExchange</c>) the exchange, both parties and the caller's
/// membership, each in one prepared statement that seeks by key and never scans a table.
/// </summary>
public sealed class ExchangeStepReadTests : IAsyncLifetime
{
    private readonly StatementCapture _members = new("Members");
    private readonly TimeBankApplication _app;
    private TestCommunity _community = null!;

    public ExchangeStepReadTests() => _app = new TimeBankApplication { Interceptors = [_members] };

    public async Task InitializeAsync()
    {
        var admin = await _app.RegisterAsync(TimeBankApplication.AdminEmail);
        _community = await TestCommunity.CreateAsync(_app, admin, "reads", "maria", "tom");
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task RecordingReadsItsPartiesInOneStatementThatSeeksByKey()
    {
        _members.Take();

        await _community.OkAsync(_app, "maria", "recordExchange", new { providerMemberId = _community.People["tom"].MemberId, minutes = 30 }, "exchange { status }");

        await AssertOneSeekingReadAsync(_members.Take());
    }

    [Fact]
    public async Task AStepReadsTheExchangeAndItsPartiesInOneStatementThatSeeksByKey()
    {
        var exchangeId = (string)(await _community.OkAsync(_app, "maria", "proposeExchange",
            new { counterpartMemberId = _community.People["tom"].MemberId, myRole = "RECEIVER", minutes = 30 }, "exchange { id }"))["exchange"]!["id"]!;

        _members.Take();
        await _community.OkAsync(_app, "tom", "acceptExchange", new { exchangeId }, "exchange { status }");
        await AssertOneSeekingReadAsync(_members.Take());

        await _community.OkAsync(_app, "tom", "completeExchange", new { exchangeId, minutes = 25 }, "exchange { status }");
        _members.Take();
        var settled = await _community.OkAsync(_app, "maria", "acknowledgeExchange", new { exchangeId }, "exchange { status }");
        Assert.Equal("SETTLED", (string?)settled["exchange"]!["status"]);
        await AssertOneSeekingReadAsync(_members.Take());
    }

    private async Task AssertOneSeekingReadAsync(List<CapturedStatement> statements)
    {
        var read = Assert.Single(statements);
        var plan = await QueryPlans.ExplainAsync(_app, read);
        Assert.NotEmpty(plan);
        Assert.All(plan, step => Assert.StartsWith("SEARCH ", step, StringComparison.Ordinal));
    }
}
