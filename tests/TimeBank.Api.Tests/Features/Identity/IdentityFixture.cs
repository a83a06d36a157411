using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Time.Testing;
using TimeBank.Api.Data.Entities;
using TimeBank.Api.Features.Identity;
using TimeBank.Api.Tests.Infrastructure;

namespace TimeBank.Api.Tests.Features.Identity;

/// <summary>The identity services over a fresh database and a fake clock.</summary>
public sealed class IdentityFixture : IDisposable
{
    public IdentityFixture()
    {
        Key = SigningKey.Load(Options, Database.Folder);
        AccessTokens = new AccessTokens(Options, Key, Clock);
        EndedSessions = new EndedSessions(Options, Clock);
        RefreshTokens = new RefreshTokens(Options, EndedSessions, Clock);
        Sessions = new SessionIssuer(AccessTokens, RefreshTokens, Options, Clock);
        Throttle = new LoginThrottle(Options, Clock);
        Passwords = new PasswordCheck(Hasher);
    }

    public TestDatabase Database { get; } = new();

    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 11, 25, 9, 0, 0, TimeSpan.Zero));

    public AuthOptions Options { get; } = new() { LoginAttemptsPerMinute = 1000 };

    public Microsoft.IdentityModel.Tokens.SymmetricSecurityKey Key { get; }

    public AccessTokens AccessTokens { get; }

    public EndedSessions EndedSessions { get; }

    public RefreshTokens RefreshTokens { get; }

    public SessionIssuer Sessions { get; }

    public LoginThrottle Throttle { get; }

    public IPasswordHasher<User> Hasher { get; } = new PasswordHasher<User>();

    public PasswordCheck Passwords { get; }

    public async Task<Session> RegisterAsync(string email, string password = "correct horse battery")
    {
        await using var db = Database.CreateContext();
        var outcome = await Register.ExecuteAsync(new RegisterInput(email, password), db, Hasher, Sessions, Clock, default);
        return outcome.Value ?? throw new InvalidOperationException($"{outcome.Code}: {outcome.Message}");
    }

    public async Task<TimeBank.Api.Schema.Outcome<Session>> LoginAsync(string email, string password, string address = "127.0.0.1")
    {
        await using var db = Database.CreateContext();
        return await Login.ExecuteAsync(new LoginInput(email, password), address, db, Passwords, Sessions, Throttle, default);
    }

    public void Dispose()
    {
        Throttle.Dispose();
        EndedSessions.Dispose();
        Database.Dispose();
    }
}
