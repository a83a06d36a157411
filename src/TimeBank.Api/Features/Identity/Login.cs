using FluentValidation;
using GraphQL.Types;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using TimeBank.Api.Data;
using TimeBank.Api.Operations.Telemetry;
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
/// Signs a user in with email and password. Unknown email and wrong password give the same answer after the same
/// work, and repeated failures lock only the address that made them (see <see cref="LoginThrottle"/>), so the API
/// never tells a guesser which emails exist and never lets one lock the owner out.
/// </summary>
public static class Login
{
    private static readonly LoginInputValidator Validator = new();

    public static void AddLogin(this ObjectGraphType mutation) =>
        mutation.Mutation<LoginInputType, SessionPayloadType>("login", "Signs in with email and password.",
                [ErrorCode.InvalidCredentials, ErrorCode.LockedOut, ErrorCode.RateLimited, ErrorCode.ExternalIdentityOnly])
            .ResolveAsync(async ctx => await ctx.RunAsync(Validator, (input, db) => ctx.Service<AuthOptions>().Authority.Length > 0
                    ? Task.FromResult<Outcome<Session>>(Register.ExternalOnly)
                    : ExecuteAsync(input, LoginThrottle.ClientAddress(ctx), db, ctx.Service<PasswordCheck>(), ctx.Service<SessionIssuer>(),
                        ctx.Service<LoginThrottle>(), ctx.CancellationToken),
                SessionPayload.From));

    internal static readonly Failure RateLimited =
        new(ErrorCode.RateLimited, "Too many attempts from this address; wait a minute and try again.");

    public static async Task<Outcome<Session>> ExecuteAsync(
        LoginInput input, string clientAddress, TimeBankDbContext db, PasswordCheck passwords, SessionIssuer sessions,
        LoginThrottle throttle, CancellationToken ct)
    {
        if (!throttle.TryAcquire(clientAddress))
        {
            TimeBankMetrics.LoginFailed("rate_limited");
            return RateLimited;
        }
        var email = EmailRules.Normalize(input.Email);
        if (throttle.LockedOutUntil(clientAddress, email) is { } until)
        {
            TimeBankMetrics.LoginFailed("locked_out");
            return new Failure(ErrorCode.LockedOut, $"Too many failed logins for this email from this address; try again after {until:yyyy-MM-ddTHH:mm:ssZ}.");
        }

        var user = await db.Users.SingleOrDefaultAsync(u => u.Email == email, ct);
        var verdict = passwords.Verify(user, input.Password);
        if (user is null || verdict == PasswordVerificationResult.Failed)
        {
            throttle.RecordFailure(clientAddress, email);
            TimeBankMetrics.LoginFailed("invalid_credentials");
            return new Failure(ErrorCode.InvalidCredentials, "Email or password is wrong.");
        }

        if (verdict == PasswordVerificationResult.SuccessRehashNeeded)
        {
            user.PasswordHash = passwords.Hash(user, input.Password);
        }
        throttle.RecordSuccess(clientAddress, email);
        return await sessions.StartAsync(db, user, ct);
    }
}
