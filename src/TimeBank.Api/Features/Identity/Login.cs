using FluentValidation;
using GraphQL;
using GraphQL.Types;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using TimeBank.Api.Data;
using TimeBank.Api.Data.Entities;
using TimeBank.Api.Schema;
using TimeBank.GraphQL.Mutations;

namespace TimeBank.Api.Features.Identity;

/// <summary>Input of <c>login</c>.</summary>
public sealed record LoginInput(string Email, string Password);

public sealed class LoginInputValidator : AbstractValidator<LoginInput>
{
    public LoginInputValidator()
    {
        RuleFor(i => i.Email).NotEmpty().MaximumLength(254);
        RuleFor(i => i.Password).NotEmpty().MaximumLength(PasswordRules.MaximumLength);
    }
}

public sealed class LoginInputType : InputObjectGraphType<LoginInput>
{
    public LoginInputType()
    {
        Name = "LoginInput";
        Description = "Email and password of an existing login.";
        Field(i => i.Email).Description("The login email.");
        Field(i => i.Password).Description("The password.");
    }
}

/// <summary>
/// Signs a user in with email and password. Unknown email and wrong password give the same answer,
/// so the API never tells a guesser which emails exist.
/// </summary>
public static class Login
{
    private static readonly LoginInputValidator Validator = new();

    public static void AddLogin(this ObjectGraphType mutation) =>
        mutation.Mutation<LoginInputType, SessionPayloadType>("login", "Signs in with email and password. Errors: INVALID_CREDENTIALS, LOCKED_OUT, RATE_LIMITED, EXTERNAL_IDENTITY_ONLY.")
            .ResolveAsync(async ctx => await ctx.RunAsync(Validator, (input, db) => ctx.Service<AuthOptions>().Authority.Length > 0
                    ? Task.FromResult<Outcome<Session>>(Register.ExternalOnly)
                    : ExecuteAsync(input, ClientAddress(ctx), db, ctx.Service<IPasswordHasher<User>>(), ctx.Service<SessionIssuer>(),
                        ctx.Service<LoginThrottle>(), ctx.Service<AuthOptions>(), ctx.Service<TimeProvider>(), ctx.CancellationToken),
                SessionPayload.From));

    private static string ClientAddress(IResolveFieldContext context) =>
        context.RequestServices?.GetService<IHttpContextAccessor>()?.HttpContext?.Connection.RemoteIpAddress?.ToString() ?? "unknown";

    public static async Task<Outcome<Session>> ExecuteAsync(
        LoginInput input, string clientAddress, TimeBankDbContext db, IPasswordHasher<User> hasher, SessionIssuer sessions,
        LoginThrottle throttle, AuthOptions options, TimeProvider clock, CancellationToken ct)
    {
        if (!throttle.TryAcquire(clientAddress))
        {
            return new Failure(ErrorCode.RateLimited, "Too many login attempts from this address; wait a minute and try again.");
        }

        var email = EmailRules.Normalize(input.Email);
        var user = await db.Users.SingleOrDefaultAsync(u => u.Email == email, ct);
        var now = clock.GetUtcNow().UtcDateTime;
        if (user?.LockedOutUntil > now)
        {
            return new Failure(ErrorCode.LockedOut, $"Too many failed logins; try again after {user.LockedOutUntil:yyyy-MM-ddTHH:mm:ssZ}.");
        }

        var verdict = user?.PasswordHash is null
            ? PasswordVerificationResult.Failed
            : hasher.VerifyHashedPassword(user, user.PasswordHash, input.Password);
        if (user is null || verdict == PasswordVerificationResult.Failed)
        {
            if (user is not null)
            {
                await RecordFailureAsync(db, user, options, now, ct);
            }
            return new Failure(ErrorCode.InvalidCredentials, "Email or password is wrong.");
        }

        if (verdict == PasswordVerificationResult.SuccessRehashNeeded)
        {
            user.PasswordHash = hasher.HashPassword(user, input.Password);
        }
        user.FailedLoginCount = 0;
        user.LockedOutUntil = null;
        user.IsAdmin |= options.IsAdminEmail(email);
        return await sessions.StartAsync(db, user, ct);
    }

    private static async Task RecordFailureAsync(TimeBankDbContext db, User user, AuthOptions options, DateTime now, CancellationToken ct)
    {
        user.FailedLoginCount++;
        if (user.FailedLoginCount >= options.LockoutThreshold)
        {
            user.LockedOutUntil = now + options.LockoutDuration;
            user.FailedLoginCount = 0;
        }
        await db.SaveChangesAsync(ct);
    }
}
