using FluentValidation;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using TimeBank.Api.Data;
using TimeBank.Api.Data.Entities;
using TimeBank.Api.Schema;

namespace TimeBank.Api.Features.Identity;

/// <summary>Input of <c>register</c>.</summary>
public sealed record RegisterInput(string Email, string Password);

public sealed class RegisterInputValidator : AbstractValidator<RegisterInput>
{
    private const string WeakPassword = nameof(ErrorCode.WeakPassword);

    public RegisterInputValidator()
    {
        RuleFor(i => i.Email).Cascade(CascadeMode.Stop)
            .NotEmpty().MaximumLength(254).Must(EmailRules.IsWellFormed).WithMessage("'Email' is not a valid email address.");
        RuleFor(i => i.Password).Cascade(CascadeMode.Stop)
            .NotEmpty()
            .Must(PasswordRules.IsLongEnough).WithErrorCode(WeakPassword)
            .WithMessage($"A password needs at least {PasswordRules.MinimumLength} characters.")
            .Must(PasswordRules.IsNotTooLong).WithErrorCode(WeakPassword)
            .WithMessage($"A password may have at most {PasswordRules.MaximumLength} characters.")
            .Must(PasswordRules.HasVariety).WithErrorCode(WeakPassword)
            .WithMessage("A password needs at least four different characters.")
            .Must(PasswordRules.IsNotCommon).WithErrorCode(WeakPassword)
            .WithMessage("This password is among the first a guesser tries; choose another.");
    }
}

/// <summary>Creates a login with email and password and signs it in.</summary>
public static class Register
{
    public static async Task<Outcome<Session>> ExecuteAsync(
        RegisterInput input, TimeBankDbContext db, IPasswordHasher<User> hasher, SessionIssuer sessions, TimeProvider clock,
        CancellationToken ct)
    {
        var user = new User { Email = EmailRules.Normalize(input.Email), CreatedAt = clock.GetUtcNow().UtcDateTime };
        user.PasswordHash = hasher.HashPassword(user, input.Password);
        db.Users.Add(user);
        try
        {
            // The unique index decides: checking first and inserting after would race.
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException ex) when (ex.IsUniqueViolation())
        {
            return new Failure(ErrorCode.EmailTaken, "A user with this email already exists; log in instead.", "email");
        }
        return await sessions.StartAsync(db, user, ct);
    }
}
