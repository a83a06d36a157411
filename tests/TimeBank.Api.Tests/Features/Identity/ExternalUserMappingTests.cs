using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TimeBank.Api.Features;
using TimeBank.Api.Features.Identity;
using TimeBank.Api.Tests.Infrastructure;

namespace TimeBank.Api.Tests.Features.Identity;

public sealed class ExternalUserMappingTests : IDisposable
{
    private readonly IdentityFixture _identity = new();

    [Theory]
    [InlineData("https://idp.example/realms/timebank", true)]
    [InlineData("", false)]
    public async Task TheApiMapsExternalUsersOnlyWhenAnAuthorityIsConfigured(string authority, bool mapped)
    {
        await using var app = new TimeBankApplication();
        await using var configured = app.WithWebHostBuilder(b => b.UseSetting("Auth:Authority", authority));
        await using var scope = configured.Services.CreateAsyncScope();

        var transformations = scope.ServiceProvider.GetServices<Microsoft.AspNetCore.Authentication.IClaimsTransformation>();

        Assert.Equal(mapped, transformations.Any(t => t is ExternalUserMapping));
    }

    [Fact]
    public async Task MapsAnExternalSubjectToOneLocalUserCreatedOnFirstSight()
    {
        var mapping = new ExternalUserMapping(_identity.Database, _identity.Clock);

        var first = Caller.From(await mapping.TransformAsync(External("abc-123", "Boss@Example.org")));
        var again = Caller.From(await mapping.TransformAsync(External("abc-123", "boss@example.org")));
        var other = Caller.From(await mapping.TransformAsync(External("zzz-999", null)));

        Assert.NotNull(first.UserId);
        Assert.Equal(first, again);
        Assert.False(first.IsAdmin); // an email claim never makes an admin
        Assert.NotEqual(first.UserId, other.UserId);
        await using var db = _identity.Database.CreateContext();
        Assert.Equal("https://issuer.example|abc-123", (await db.Users.SingleAsync(u => u.Id == first.UserId)).ExternalSubject);
    }

    private static ClaimsPrincipal External(string subject, string? email)
    {
        var claims = new List<Claim> { new("sub", subject), new("iss", "https://issuer.example") };
        if (email is not null)
        {
            claims.Add(new Claim("email", email));
        }
        return new ClaimsPrincipal(new ClaimsIdentity(claims, "external", "sub", ClaimTypes.Role));
    }

    public void Dispose() => _identity.Dispose();
}
