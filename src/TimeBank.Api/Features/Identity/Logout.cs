using FluentValidation;
using GraphQL.Types;
using Microsoft.EntityFrameworkCore;
using TimeBank.Api.Data;
using TimeBank.Api.Schema;
using TimeBank.GraphQL.Mutations;

namespace TimeBank.Api.Features.Identity;

/// <summary>Input of <c>logout</c>.</summary>
public sealed record LogoutInput(string RefreshToken);

public sealed class LogoutInputValidator : AbstractValidator<LogoutInput>
{
    public LogoutInputValidator() => RuleFor(i => i.RefreshToken).NotEmpty().MaximumLength(100);
}

public sealed class LogoutInputType : InputObjectGraphType<LogoutInput>
{
    public LogoutInputType()
    {
        Name = "LogoutInput";
        Description = "The session to end.";
        Field(i => i.RefreshToken).Description("A refresh token of the session.");
    }
}

public sealed class LogoutPayload : Payload
{
    public bool LoggedOut { get; init; }
}

public sealed class LogoutPayloadType : PayloadType<LogoutPayload>
{
    public LogoutPayloadType()
    {
        Name = "LogoutPayload";
        Description = "The result of logout.";
        Field(p => p.LoggedOut).Description("True when the session was ended.");
    }
}

/// <summary>
/// Ends a session: its refresh tokens stop working, its access tokens are refused from the next request on and its
/// WebSockets are closed.
/// </summary>
public static class Logout
{
    private static readonly LogoutInputValidator Validator = new();

    public static void AddLogout(this ObjectGraphType mutation) =>
        mutation.Mutation<LogoutInputType, LogoutPayloadType>("logout", "Ends a session: its refresh and access tokens stop working and its WebSockets close.",
                [ErrorCode.InvalidRefreshToken])
            .ResolveAsync(async ctx => await ctx.RunAsync(Validator,
                (input, db) => ExecuteAsync(input, db, ctx.Service<RefreshTokens>(), ctx.CancellationToken),
                done => new LogoutPayload { LoggedOut = done }));

    public static async Task<Outcome<bool>> ExecuteAsync(LogoutInput input, TimeBankDbContext db, RefreshTokens refreshTokens, CancellationToken ct)
    {
        var hash = RefreshTokens.Hash(input.RefreshToken);
        var token = await db.RefreshTokens.AsNoTracking().SingleOrDefaultAsync(t => t.TokenHash == hash, ct);
        if (token is null)
        {
            return new Failure(ErrorCode.InvalidRefreshToken, "This refresh token is unknown.", "refreshToken");
        }
        await refreshTokens.EndSessionAsync(db, token.FamilyId, ct);
        return true;
    }
}
