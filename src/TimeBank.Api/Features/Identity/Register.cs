using FluentValidation;
using GraphQL.Types;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using TimeBank.Api.Data;
using TimeBank.Api.Data.Entities;
using TimeBank.Api.Schema;
using TimeBank.GraphQL.Mutations;

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

public sealed class RegisterInputType : InputObjectGraphType<RegisterInput>
{
    public RegisterInputType()
    {
        Name = "RegisterInput";
        Description = "A new login.";
        Field(i => i.Email).Description("The email to log in with; compared without regard to case.");
        Field(i => i.Password).Description($"At least {PasswordRules.MinimumLength} characters, not a common password.");
    }
}

/// <summary>
/// Creates a login with email and password and signs it in. Counted with logins against the address's attempts per
/// minute, so probing which emails are taken is as slow as guessing passwords.
/// </summary>
public static class Register
{
    private static readonly RegisterInputValidator Validator = new();

    public static void AddRegister(this ObjectGraphType mutation) =>
        mutation.Mutation<RegisterInputType, SessionPayloadType>("register", "Creates a login and signs it in.",
                [ErrorCode.EmailTaken, ErrorCode.WeakPassword, ErrorCode.RateLimited, ErrorCode.ExternalIdentityOnly])
            .ResolveAsync(async ctx => await ctx.RunAsync(Validator, (input, db) =>
                    ctx.Service<AuthOptions>().Authority.Length > 0 ? Task.FromResult<Outcome<Session>>(ExternalOnly)
                    : !ctx.Service<LoginThrottle>().TryAcquire(LoginThrottle.ClientAddress(ctx)) ? Task.FromResult<Outcome<Session>>(Login.RateLimited)
                    : ExecuteAsync(input, db, ctx.Service<IPasswordHasher<User>>(), ctx.Service<SessionIssuer>(), ctx.Service<TimeProvider>(), ctx.CancellationToken),
                SessionPayload.From));

    internal static readonly Failure ExternalOnly =
        new(ErrorCode.ExternalIdentityOnly, "Logins come from this deployment's identity provider; sign in there.");

    /// <summary>Never makes an admin: that takes <c>admin grant</c> on the host (<see cref="AdminCommand"/>).</summary>
    public static async Task<Outcome<Session>> ExecuteAsync(
        RegisterInput input, TimeBankDbContext db, IPasswordHasher<User> hasher, SessionIssuer sessions, TimeProvider clock, CancellationToken ct)
    {
        var email = EmailRules.Normalize(input.Email);
        var user = new User { Email = email, CreatedAt = clock.GetUtcNow().UtcDateTime };
        // Hashed before the email is known to be free, so a taken email costs the same work as a new one.
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
