using System.Security.Cryptography;
using Microsoft.AspNetCore.Identity;
using TimeBank.Api.Data.Entities;

namespace TimeBank.Api.Features.Identity;

/// <summary>
/// Checks a login's password with the same work whether or not the email has a password: for an unknown email (or a
/// login without a password, erased or external) it verifies against a hash of a random password, so the time an
/// answer takes does not tell a guesser which emails exist.
/// </summary>
public sealed class PasswordCheck
{
    private readonly IPasswordHasher<User> _hasher;
    private readonly string _standIn;

    public PasswordCheck(IPasswordHasher<User> hasher)
    {
        _hasher = hasher;
        _standIn = hasher.HashPassword(new User(), Convert.ToBase64String(RandomNumberGenerator.GetBytes(24)));
    }

    public PasswordVerificationResult Verify(User? user, string password)
    {
        if (user?.PasswordHash is { } hash)
        {
            return _hasher.VerifyHashedPassword(user, hash, password);
        }
        _hasher.VerifyHashedPassword(new User(), _standIn, password);
        return PasswordVerificationResult.Failed;
    }

    public string Hash(User user, string password) => _hasher.HashPassword(user, password);
}
