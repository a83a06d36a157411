using FluentValidation.TestHelper;
using TimeBank.Api.Features.Identity;
using TimeBank.Api.Schema;

namespace TimeBank.Api.Tests.Features.Identity;

public sealed class RegisterTests : IDisposable
{
    private readonly IdentityFixture _identity = new();

    [Fact]
    public async Task StoresAHashedPasswordAndIssuesAVerifiableToken()
    {
        var session = await _identity.RegisterAsync("maria@example.org", "correct horse battery");

        await using var db = _identity.Database.CreateContext();
        var user = db.Users.Single();
        Assert.Equal("maria@example.org", user.Email);
        Assert.DoesNotContain("correct horse battery", user.PasswordHash, StringComparison.Ordinal);

        var handler = new Microsoft.IdentityModel.JsonWebTokens.JsonWebTokenHandler();
        var parameters = AccessTokens.ValidationParameters(_identity.Options, _identity.Key);
        parameters.LifetimeValidator = (_, _, _, _) => true; // the fake clock is not the validator's clock
        var validation = await handler.ValidateTokenAsync(session.AccessToken, parameters);
        Assert.True(validation.IsValid, validation.Exception?.Message);
        Assert.Equal(user.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), validation.Claims["sub"]);
    }

    [Fact]
    public async Task RefusesADuplicateEmailWhateverItsCase()
    {
        await _identity.RegisterAsync("maria@example.org");

        await using var db = _identity.Database.CreateContext();
        var again = await Register.ExecuteAsync(new RegisterInput("MARIA@example.org", "another good password"), db, _identity.Hasher, _identity.Sessions, _identity.Clock, default);

        Assert.Equal(ErrorCode.EmailTaken, again.Code);
        Assert.Equal("email", again.Field);
        Assert.Equal(1, db.Users.Count());
    }

    [Theory]
    [InlineData("", nameof(RegisterInput.Email))]
    [InlineData("not-an-email", nameof(RegisterInput.Email))]
    [InlineData("two words@example.org", nameof(RegisterInput.Email))]
    [InlineData("nodomain@localhost", nameof(RegisterInput.Email))]
    public void RefusesAMalformedEmail(string email, string property)
    {
        var result = new RegisterInputValidator().TestValidate(new RegisterInput(email, "correct horse battery"));

        result.ShouldHaveValidationErrorFor(property);
    }

    [Theory]
    [InlineData("short1!")]
    [InlineData("aaaaaaaaaaaa")]
    [InlineData("ababababab")]
    [InlineData("password123")]
    public void RefusesAWeakPasswordWithItsCode(string password)
    {
        var result = new RegisterInputValidator().TestValidate(new RegisterInput("maria@example.org", password));

        result.ShouldHaveValidationErrorFor(i => i.Password).WithErrorCode(nameof(ErrorCode.WeakPassword));
    }

    [Fact]
    public void RefusesAPasswordOfTenThousandCharacters()
    {
        var result = new RegisterInputValidator().TestValidate(new RegisterInput("maria@example.org", new string('x', 5000) + new string('y', 5000) + "ab"));

        result.ShouldHaveValidationErrorFor(i => i.Password).WithErrorCode(nameof(ErrorCode.WeakPassword));
    }

    public void Dispose() => _identity.Dispose();
}
