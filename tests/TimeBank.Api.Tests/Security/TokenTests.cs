using System.Security.Cryptography;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;
using TimeBank.Api.Features.Identity;
using TimeBank.Api.Tests.Infrastructure;

namespace TimeBank.Api.Tests.Security;

/// <summary>
/// Access tokens that must not be honoured: each answers 401 with a Bearer challenge and UNAUTHENTICATED, never an
/// anonymous 200. Add a case by building the token and calling <see cref="TokenRequests.AssertRefused"/>.
/// </summary>
public sealed class TokenTests(TimeBankApplication app) : IClassFixture<TimeBankApplication>
{
    [Fact]
    public async Task AGenuineTokenIsHonoured()
    {
        var token = await app.RegisterAsync("genuine@test.local");

        var answer = await TokenRequests.PostAsync(app, TokenRequests.Me, token);

        Assert.Equal(System.Net.HttpStatusCode.OK, answer.Status);
        Assert.Equal("genuine@test.local", (string?)answer.Body["data"]?["me"]?["email"]);
    }

    [Fact]
    public async Task OurOwnCorrectlySignedTokenWithoutExpIsRefused()
    {
        var genuine = await app.RegisterAsync("no-exp@test.local");
        var claims = TokenRequests.ClaimsOf(genuine);
        var key = SigningKey.Load(new AuthOptions(), app.DataDirectory);
        var withExp = TokenRequests.Sign(claims, key, SecurityAlgorithms.HmacSha256);
        claims.Remove("exp");
        var withoutExp = TokenRequests.Sign(claims, key, SecurityAlgorithms.HmacSha256);

        var control = await TokenRequests.PostAsync(app, TokenRequests.Me, withExp);
        var answer = await TokenRequests.PostAsync(app, TokenRequests.Me, withoutExp);

        // The same claims re-signed with exp still work, so only the missing exp is refused.
        Assert.Equal("no-exp@test.local", (string?)control.Body["data"]?["me"]?["email"]);
        TokenRequests.AssertRefused(answer);
    }

    [Fact]
    public async Task ATokenSignedWithAnotherKeyIsRefused()
    {
        var claims = TokenRequests.ClaimsOf(await app.RegisterAsync("other-key@test.local"));
        var otherKey = new SymmetricSecurityKey(RandomNumberGenerator.GetBytes(32));

        TokenRequests.AssertRefused(await TokenRequests.PostAsync(app, TokenRequests.Me, TokenRequests.Sign(claims, otherKey, SecurityAlgorithms.HmacSha256)));
    }

    [Fact]
    public async Task AnExpiredTokenIsRefused()
    {
        var token = await app.RegisterAsync("expired@test.local");
        var key = SigningKey.Load(new AuthOptions(), app.DataDirectory);
        var claims = TokenRequests.ClaimsOf(token);
        claims["exp"] = (long)claims["iat"] - 60;

        TokenRequests.AssertRefused(await TokenRequests.PostAsync(app, TokenRequests.Me, TokenRequests.Sign(claims, key, SecurityAlgorithms.HmacSha256)));
    }

    [Fact]
    public async Task GarbageInTheAuthorizationHeaderIsRefused() =>
        TokenRequests.AssertRefused(await TokenRequests.PostAsync(app, TokenRequests.Me, "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.forged"));

    [Fact]
    public async Task AnExternalIssuersTokenWithoutExpIsRefused()
    {
        using var rsa = RSA.Create(2048);
        var key = new RsaSecurityKey(rsa) { KeyId = "idp-key" };
        const string issuer = "https://idp.example/realms/timebank";
        await using var external = app.WithWebHostBuilder(builder =>
        {
            builder.UseSetting("Auth:Authority", issuer);
            // The issuer's discovery document, given instead of fetched: the same configuration a live issuer would serve.
            builder.ConfigureServices(services => services.Configure<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme, jwt =>
            {
                jwt.Configuration = new OpenIdConnectConfiguration { Issuer = issuer };
                jwt.Configuration.SigningKeys.Add(key);
            }));
        });
        var now = app.Clock.GetUtcNow().ToUnixTimeSeconds();
        var claims = new Dictionary<string, object> { ["iss"] = issuer, ["aud"] = "timebank", ["sub"] = "ext-42", ["iat"] = now, ["nbf"] = now };
        var withoutExp = TokenRequests.Sign(claims, key, SecurityAlgorithms.RsaSha256);
        claims["exp"] = now + 600;
        var withExp = TokenRequests.Sign(claims, key, SecurityAlgorithms.RsaSha256);

        var control = await TokenRequests.PostAsync(external, TokenRequests.Me, withExp);
        var answer = await TokenRequests.PostAsync(external, TokenRequests.Me, withoutExp);

        Assert.Equal(System.Net.HttpStatusCode.OK, control.Status);
        Assert.NotNull(control.Body["data"]?["me"]);
        TokenRequests.AssertRefused(answer);
    }
}
