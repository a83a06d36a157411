using TimeBank.Api.Tests.Infrastructure;

namespace TimeBank.Api.Tests.Security;

/// <summary>
/// A client's mistake is answered with a code and never written to the log as an error: an operator's error log is
/// for what needs them. Expected outcomes that the database decides (a unique index) are the easy ones to miss,
/// because EF Core logs the failed command before our code turns it into a code. Add a row for each such outcome.
/// </summary>
public sealed class ClientMistakeLogTests : IAsyncLifetime
{
    private readonly TimeBankApplication _app = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task RegisteringATakenEmailLogsNoError()
    {
        await _app.RegisterAsync("maria@example.org");

        var again = await _app.GraphQLAsync(
            "mutation($input: RegisterInput!) { register(input: $input) { errors { code } } }",
            new { input = new { email = "MARIA@example.org", password = "another good password" } });

        Assert.Equal("EMAIL_TAKEN", (string?)again["data"]?["register"]?["errors"]?[0]?["code"]);
        Assert.Empty(_app.Logs.Errors);
    }

    [Fact]
    public async Task TakingATakenSlugLogsNoError()
    {
        var admin = await _app.RegisterAsync(TimeBankApplication.AdminEmail);
        const string Create = "mutation($input: CreateCommunityInput!) { createCommunity(input: $input) { errors { code } } }";
        var input = new { input = new { slug = "riverside", name = "Riverside", timeZone = "Europe/Lisbon" } };
        await _app.GraphQLAsync(Create, input, admin);

        var again = await _app.GraphQLAsync(Create, new { input = new { slug = "riverside", name = "Other", timeZone = "Europe/Lisbon" } }, admin);

        Assert.Equal("SLUG_TAKEN", (string?)again["data"]?["createCommunity"]?["errors"]?[0]?["code"]);
        Assert.Empty(_app.Logs.Errors);
    }
}
