using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using TimeBank.Api.Features;
using TimeBank.Api.Features.Identity;

namespace TimeBank.Api.Tests.Features.Identity;

public sealed class ExternalUserMappingTests : IDisposable
{
    private readonly IdentityFixture _identity = new();

    [Fact]
    public async Task MapsAnExternalSubjectToOneLocalUserCreatedOnFirstSight()
    {
        _identity.Options.AdminEmails = ["boss@example.org"];
        var mapping = new ExternalUserMapping(_identity.Database, _identity.Options, _identity.Clock);

        var first = Caller.From(await mapping.TransformAsync(External("abc-123", "Boss@Example.org")));
        var again = Caller.From(await mapping.TransformAsync(External("abc-123", "boss@example.org")));
        var other = Caller.From(await mapping.TransformAsync(External("zzz-999", null)));

        Assert.NotNull(first.UserId);
        Assert.Equal(first, again);
        Assert.True(first.IsAdmin);
        Assert.NotEqual(first.UserId, other.UserId);
        Assert.False(other.IsAdmin);
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
