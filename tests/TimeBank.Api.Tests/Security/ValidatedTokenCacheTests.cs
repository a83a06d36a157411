using TimeBank.Api.Tests.Infrastructure;

namespace TimeBank.Api.Tests.Security;

/// <summary>
/// The bearer handler validates each access token once and then accepts it from memory (ValidatedTokenCache). A token
/// that was accepted a moment ago is still refused at once (401) when its member is suspended, when its session is
/// logged out and when it expires: every request checks the session and the expiry, cached or not. To extend: warm the
/// token with one accepted request, end it another way, and assert the next request is refused.
/// </summary>
public sealed class ValidatedTokenCacheTests : IAsyncLifetime
{
    private readonly TimeBankApplication _app = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task AnAcceptedTokenIsRefusedOnTheNextRequestAfterItsMemberIsSuspended()
    {
        var admin = await _app.RegisterAsync(TimeBankApplication.AdminEmail);
        var community = await TestCommunity.CreateAsync(_app, admin, "cached", "ivy");
        var (ivyToken, ivyMemberId) = community.People["ivy"];
        await AssertAcceptedAsync(ivyToken, "ivy.cached@test.local");

        TestCommunity.Ok(await _app.GraphQLAsync(
            "mutation($input: SuspendMemberInput!) { suspendMember(input: $input) { errors { code message } } }",
            new { input = new { memberId = ivyMemberId } }, community.People["coordinator"].Token), "suspendMember");

        TokenRequests.AssertRefused(await TokenRequests.PostAsync(_app, TokenRequests.Me, ivyToken));
    }

    [Fact]
    public async Task AnAcceptedTokenIsRefusedOnTheNextRequestAfterLogout()
    {
        await _app.RegisterAsync("cached-leaver@test.local");
        var login = TestCommunity.Ok(await _app.GraphQLAsync(
            "mutation($input: LoginInput!) { login(input: $input) { accessToken refreshToken errors { code message } } }",
            new { input = new { email = "cached-leaver@test.local", password = TimeBankApplication.Password } }), "login");
        var token = (string)login["accessToken"]!;
        await AssertAcceptedAsync(token, "cached-leaver@test.local");

        TestCommunity.Ok(await _app.GraphQLAsync(
            "mutation($input: LogoutInput!) { logout(input: $input) { loggedOut errors { code message } } }",
            new { input = new { refreshToken = (string)login["refreshToken"]! } }), "logout");

        TokenRequests.AssertRefused(await TokenRequests.PostAsync(_app, TokenRequests.Me, token));
    }

    [Fact]
    public async Task AnAcceptedTokenIsRefusedOnceItExpires()
    {
        var token = await _app.RegisterAsync("cached-expiry@test.local");
        await AssertAcceptedAsync(token, "cached-expiry@test.local");

        // 15 minutes of life and 30 seconds of skew: accepted just before the end, refused just after.
        _app.Clock.Advance(TimeSpan.FromMinutes(15) + TimeSpan.FromSeconds(29));
        await AssertAcceptedAsync(token, "cached-expiry@test.local");
        _app.Clock.Advance(TimeSpan.FromSeconds(2));

        TokenRequests.AssertRefused(await TokenRequests.PostAsync(_app, TokenRequests.Me, token));
    }

    private async Task AssertAcceptedAsync(string token, string email)
    {
        var answer = await TokenRequests.PostAsync(_app, TokenRequests.Me, token);
        Assert.Equal(System.Net.HttpStatusCode.OK, answer.Status);
        Assert.Equal(email, (string?)answer.Body["data"]?["me"]?["email"]);
    }
}
