using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using TimeBank.Api.Data.Entities;
using TimeBank.Api.Schema;
using TimeBank.Api.Tests.Features.Identity;
using TimeBank.Api.Tests.Infrastructure;

namespace TimeBank.Api.Tests.Security;

/// <summary>
/// Nobody learns from login whether an email has an account, and nobody can lock anyone else out. Timing is shown
/// by the login-timing benchmark (docs); here the password hasher's work is counted in both paths instead.
/// </summary>
public sealed class LoginEnumerationTests : IDisposable
{
    private const string Attacker = "203.0.113.9";
    private const string Owner = "198.51.100.7";

    private readonly IdentityFixture _identity = new();

    [Fact]
    public async Task AWrongPasswordAndAnUnknownEmailGetTheSameAnswer()
    {
        await _identity.RegisterAsync("known@example.org");

        var known = await _identity.LoginAsync("known@example.org", "wrong password 1", Attacker);
        var unknown = await _identity.LoginAsync("unknown@example.org", "wrong password 1", Attacker);

        Assert.Equal((ErrorCode.InvalidCredentials, known.Message, known.Field), (unknown.Code, unknown.Message, unknown.Field));
        Assert.Equal(ErrorCode.InvalidCredentials, known.Code);
    }

    [Fact]
    public async Task RepeatedFailuresLockKnownAndUnknownEmailsAlike()
    {
        await _identity.RegisterAsync("known@example.org");

        var known = await FailUntilPastTheThresholdAsync("known@example.org");
        var unknown = await FailUntilPastTheThresholdAsync("unknown@example.org");

        Assert.Equal(ErrorCode.LockedOut, known.Code);
        Assert.Equal((known.Code, known.Message, known.Field), (unknown.Code, unknown.Message, unknown.Field));
    }

    [Fact]
    public async Task AnAttackersFailuresDoNotLockTheOwnerOutFromTheirOwnAddress()
    {
        await _identity.RegisterAsync("coordinator@example.org");
        await FailUntilPastTheThresholdAsync("coordinator@example.org");

        var attackerWithTheRightPassword = await _identity.LoginAsync("coordinator@example.org", "correct horse battery", Attacker);
        var owner = await _identity.LoginAsync("coordinator@example.org", "correct horse battery", Owner);

        Assert.Equal(ErrorCode.LockedOut, attackerWithTheRightPassword.Code);
        Assert.True(owner.Succeeded, owner.Message);
    }

    [Fact]
    public async Task AddressesOfOneIpv6NetworkCountAsOne()
    {
        await _identity.RegisterAsync("known@example.org");
        for (var i = 0; i < _identity.Options.LockoutThreshold; i++)
        {
            await _identity.LoginAsync("known@example.org", "wrong password " + i, $"2001:db8:1:2::{i + 1:x}");
        }

        var sameNetwork = await _identity.LoginAsync("known@example.org", "correct horse battery", "2001:db8:1:2::ffff");
        var otherNetwork = await _identity.LoginAsync("known@example.org", "correct horse battery", "2001:db8:1:3::1");

        Assert.Equal(ErrorCode.LockedOut, sameNetwork.Code);
        Assert.True(otherNetwork.Succeeded, otherNetwork.Message);
    }

    [Fact]
    public async Task TheHasherRunsOnceForAKnownAndOnceForAnUnknownEmail()
    {
        var hasher = new CountingPasswordHasher();
        await using var app = new TimeBankApplication();
        await using var counted = app.WithWebHostBuilder(builder => builder.ConfigureServices(services =>
            services.Replace(ServiceDescriptor.Singleton<IPasswordHasher<User>>(hasher))));
        await RegisterAsync(counted, "known@test.local");

        var before = hasher.Verifications;
        await LoginAsync(counted, "known@test.local", "wrong password 1");
        var afterKnown = hasher.Verifications;
        await LoginAsync(counted, "unknown@test.local", "wrong password 1");
        var afterUnknown = hasher.Verifications;

        Assert.Equal(1, afterKnown - before);
        Assert.Equal(1, afterUnknown - afterKnown);
    }

    [Fact]
    public async Task RegisterIsRateLimitedPerAddressLikeLogin()
    {
        await using var app = new TimeBankApplication();
        await using var limited = app.WithWebHostBuilder(builder => builder.UseSetting("Auth:LoginAttemptsPerMinute", "3"));

        var answers = new List<string?>();
        for (var i = 0; i < 4; i++)
        {
            var response = await RegisterAsync(limited, $"person{i}@test.local");
            var errors = response["data"]!["register"]!["errors"]!.AsArray();
            answers.Add(errors.Count == 0 ? null : (string?)errors[0]!["code"]);
        }

        Assert.Equal([null, null, null, "RATE_LIMITED"], answers);
    }

    [Fact]
    public async Task RegisteringATakenEmailStillHashesThePassword()
    {
        var hasher = new CountingPasswordHasher();
        await using var app = new TimeBankApplication();
        await using var counted = app.WithWebHostBuilder(builder => builder.ConfigureServices(services =>
            services.Replace(ServiceDescriptor.Singleton<IPasswordHasher<User>>(hasher))));
        await RegisterAsync(counted, "taken@test.local");

        var before = hasher.Hashes;
        var again = await RegisterAsync(counted, "taken@test.local");

        Assert.Equal("EMAIL_TAKEN", (string?)again["data"]?["register"]?["errors"]?[0]?["code"]);
        Assert.Equal(1, hasher.Hashes - before);
    }

    private async Task<Outcome<TimeBank.Api.Features.Identity.Session>> FailUntilPastTheThresholdAsync(string email)
    {
        for (var i = 0; i < _identity.Options.LockoutThreshold; i++)
        {
            await _identity.LoginAsync(email, "wrong password " + i, Attacker);
        }
        return await _identity.LoginAsync(email, "yet another guess", Attacker);
    }

    private static async Task<JsonObject> RegisterAsync(WebApplicationFactory<Program> app, string email) =>
        (await TokenRequests.PostAsync(app, "mutation($input: RegisterInput!) { register(input: $input) { accessToken errors { code message } } }",
            null, new { input = new { email, password = TimeBankApplication.Password } })).Body;

    private static async Task<JsonObject> LoginAsync(WebApplicationFactory<Program> app, string email, string password) =>
        (await TokenRequests.PostAsync(app, "mutation($input: LoginInput!) { login(input: $input) { accessToken errors { code message } } }",
            null, new { input = new { email, password } })).Body;

    public void Dispose() => _identity.Dispose();

    /// <summary>The real hasher, counting its calls.</summary>
    private sealed class CountingPasswordHasher : IPasswordHasher<User>
    {
        private readonly PasswordHasher<User> _inner = new();
        private int _verifications;
        private int _hashes;

        public int Verifications => Volatile.Read(ref _verifications);

        public int Hashes => Volatile.Read(ref _hashes);

        public string HashPassword(User user, string password)
        {
            Interlocked.Increment(ref _hashes);
            return _inner.HashPassword(user, password);
        }

        public PasswordVerificationResult VerifyHashedPassword(User user, string hashedPassword, string providedPassword)
        {
            Interlocked.Increment(ref _verifications);
            return _inner.VerifyHashedPassword(user, hashedPassword, providedPassword);
        }
    }
}
