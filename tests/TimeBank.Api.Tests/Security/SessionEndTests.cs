using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using TimeBank.Api.Tests.Infrastructure;

namespace TimeBank.Api.Tests.Security;

/// <summary>
/// A session ends for good when it is logged out, when its member is suspended and when its access token expires: its
/// access token is refused at once (401 UNAUTHENTICATED) and its WebSockets are closed with 4403. Over a real Kestrel
/// port, as clients see it.
/// </summary>
public sealed class SessionEndTests : IAsyncLifetime
{
    private const int Forbidden = 4403;

    private readonly TimeBankApplication _app = new();

    public Task InitializeAsync()
    {
        _app.UseKestrel(ApiProcess.FreePort());
        _app.StartServer();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task AfterLogoutTheAccessTokenIsRefused()
    {
        var session = await LoginAsync("leaver@test.local");
        var before = await TokenRequests.PostAsync(_app, TokenRequests.Me, session.AccessToken);

        await LogoutAsync(session.RefreshToken);
        var after = await TokenRequests.PostAsync(_app, TokenRequests.Me, session.AccessToken);

        Assert.Equal("leaver@test.local", (string?)before.Body["data"]?["me"]?["email"]);
        TokenRequests.AssertRefused(after);
    }

    [Fact]
    public async Task LogoutEndsOnlyItsOwnSession()
    {
        var phone = await LoginAsync("two-devices@test.local");
        var laptop = await LoginAsync("two-devices@test.local", register: false);

        await LogoutAsync(phone.RefreshToken);

        TokenRequests.AssertRefused(await TokenRequests.PostAsync(_app, TokenRequests.Me, phone.AccessToken));
        Assert.Equal("two-devices@test.local", (string?)(await TokenRequests.PostAsync(_app, TokenRequests.Me, laptop.AccessToken)).Body["data"]?["me"]?["email"]);
    }

    [Fact]
    public async Task ALogoutOutlivesARestart()
    {
        var session = await LoginAsync("restart@test.local");
        await LogoutAsync(session.RefreshToken);

        // Another host on the same data folder and clock, as after a restart: it reads the ended sessions at start.
        await using var host = new TimeBankApplication();
        await using var restarted = host.WithWebHostBuilder(builder => builder.UseSetting("TimeBank:DataDirectory", _app.DataDirectory)
            .ConfigureServices(services => services.Replace(ServiceDescriptor.Singleton<TimeProvider>(_app.Clock))));

        TokenRequests.AssertRefused(await TokenRequests.PostAsync(restarted, TokenRequests.Me, session.AccessToken));
    }

    [Fact]
    public async Task ASocketIsClosedWhenItsSessionIsLoggedOut()
    {
        var session = await LoginAsync("socket-leaver@test.local");
        using var socket = await ConnectAsync(session.AccessToken);

        await LogoutAsync(session.RefreshToken);

        Assert.Equal(Forbidden, await socket.ReceiveCloseAsync());
    }

    [Fact]
    public async Task ASocketIsClosedWhenItsAccessTokenExpires()
    {
        var session = await LoginAsync("socket-expiry@test.local");
        using var socket = await ConnectAsync(session.AccessToken);

        _app.Clock.Advance(TimeSpan.FromMinutes(16));

        Assert.Equal(Forbidden, await socket.ReceiveCloseAsync());
    }

    [Fact]
    public async Task SuspensionEndsTheMembersSessionsAndSockets()
    {
        var admin = await _app.RegisterAsync(TimeBankApplication.AdminEmail);
        var community = await TestCommunity.CreateAsync(_app, admin, "suspensions", "zoe");
        var (zoeToken, zoeMemberId) = community.People["zoe"];
        using var socket = await ConnectAsync(zoeToken);

        TestCommunity.Ok(await _app.GraphQLAsync(
            "mutation($input: SuspendMemberInput!) { suspendMember(input: $input) { errors { code message } } }",
            new { input = new { memberId = zoeMemberId } }, community.People["coordinator"].Token), "suspendMember");

        Assert.Equal(Forbidden, await socket.ReceiveCloseAsync());
        TokenRequests.AssertRefused(await TokenRequests.PostAsync(_app, TokenRequests.Me, zoeToken));
        // Suspension is from the community, not from the login: signing in again works, as SUSPENDED.
        var again = await LoginAsync("zoe.suspensions@test.local", register: false);
        var me = await _app.GraphQLAsync("{ me { memberships { status } } }", token: again.AccessToken);
        Assert.Equal("SUSPENDED", (string?)me["data"]?["me"]?["memberships"]?[0]?["status"]);
    }

    [Fact]
    public async Task ErasureEndsTheMembersSessionsAndSockets()
    {
        var admin = await _app.RegisterAsync(TimeBankApplication.AdminEmail);
        var community = await TestCommunity.CreateAsync(_app, admin, "erasures", "yan");
        var (yanToken, yanMemberId) = community.People["yan"];
        using var socket = await ConnectAsync(yanToken);

        TestCommunity.Ok(await _app.GraphQLAsync(
            "mutation($input: EraseMemberInput!) { eraseMember(input: $input) { errors { code message } } }",
            new { input = new { memberId = yanMemberId } }, yanToken), "eraseMember");

        Assert.Equal(Forbidden, await socket.ReceiveCloseAsync());
        TokenRequests.AssertRefused(await TokenRequests.PostAsync(_app, TokenRequests.Me, yanToken));
    }

    private async Task<(string AccessToken, string RefreshToken)> LoginAsync(string email, bool register = true)
    {
        if (register)
        {
            await _app.RegisterAsync(email);
        }
        var login = await _app.GraphQLAsync(
            "mutation($input: LoginInput!) { login(input: $input) { accessToken refreshToken errors { code } } }",
            new { input = new { email, password = TimeBankApplication.Password } });
        var payload = TestCommunity.Ok(login, "login");
        return ((string)payload["accessToken"]!, (string)payload["refreshToken"]!);
    }

    private async Task LogoutAsync(string refreshToken) =>
        TestCommunity.Ok(await _app.GraphQLAsync(
            "mutation($input: LogoutInput!) { logout(input: $input) { loggedOut errors { code message } } }",
            new { input = new { refreshToken } }), "logout");

    private async Task<GraphQLWebSocket> ConnectAsync(string token) => await GraphQLWebSocket.ConnectAsync(GraphQLWebSocket.AddressOf(_app), token);

    public async Task DisposeAsync() => await _app.DisposeAsync();
}
