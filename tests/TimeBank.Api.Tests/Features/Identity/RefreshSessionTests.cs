using TimeBank.Api.Features.Identity;
using TimeBank.Api.Schema;

namespace TimeBank.Api.Tests.Features.Identity;

public sealed class RefreshSessionTests : IDisposable
{
    private readonly IdentityFixture _identity = new();

    [Fact]
    public async Task RotatesTheRefreshToken()
    {
        var session = await _identity.RegisterAsync("maria@example.org");

        var refreshed = await RefreshAsync(session.RefreshToken);

        Assert.True(refreshed.Succeeded, refreshed.Message);
        Assert.NotEqual(session.RefreshToken, refreshed.Value!.RefreshToken);
        Assert.Equal(session.User.Id, refreshed.Value.User.Id);
    }

    [Fact]
    public async Task ReuseOfAnOldTokenRevokesTheWholeFamily()
    {
        var session = await _identity.RegisterAsync("maria@example.org");
        var rotated = (await RefreshAsync(session.RefreshToken)).Value!;

        var replay = await RefreshAsync(session.RefreshToken);
        var successorAfterReplay = await RefreshAsync(rotated.RefreshToken);

        Assert.Equal(ErrorCode.InvalidRefreshToken, replay.Code);
        Assert.Equal(ErrorCode.InvalidRefreshToken, successorAfterReplay.Code);
    }

    [Fact]
    public async Task RefusesAnExpiredToken()
    {
        var session = await _identity.RegisterAsync("maria@example.org");
        _identity.Clock.Advance(_identity.Options.RefreshTokenLifetime + TimeSpan.FromMinutes(1));

        var refreshed = await RefreshAsync(session.RefreshToken);

        Assert.Equal(ErrorCode.InvalidRefreshToken, refreshed.Code);
        Assert.Equal("refreshToken", refreshed.Field);
    }

    [Fact]
    public async Task LogoutEndsTheSession()
    {
        var session = await _identity.RegisterAsync("maria@example.org");
        await using (var db = _identity.Database.CreateContext())
        {
            var logout = await Logout.ExecuteAsync(new LogoutInput(session.RefreshToken), db, _identity.RefreshTokens, default);
            Assert.True(logout.Succeeded);
        }

        var refreshed = await RefreshAsync(session.RefreshToken);

        Assert.Equal(ErrorCode.InvalidRefreshToken, refreshed.Code);
    }

    [Fact]
    public async Task StoresOnlyAHashOfTheToken()
    {
        var session = await _identity.RegisterAsync("maria@example.org");

        await using var db = _identity.Database.CreateContext();
        var stored = db.RefreshTokens.Select(t => t.TokenHash).ToList();

        Assert.DoesNotContain(session.RefreshToken, stored);
        Assert.Contains(RefreshTokens.Hash(session.RefreshToken), stored);
    }

    private async Task<Outcome<Session>> RefreshAsync(string token)
    {
        await using var db = _identity.Database.CreateContext();
        return await RefreshSession.ExecuteAsync(new RefreshSessionInput(token), db, _identity.RefreshTokens, _identity.Sessions, default);
    }

    public void Dispose() => _identity.Dispose();
}
