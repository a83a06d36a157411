using FluentValidation;
using GraphQL.Types;
using Microsoft.EntityFrameworkCore;
using TimeBank.Api.Data;
using TimeBank.Api.Schema;
using TimeBank.GraphQL.Mutations;

namespace TimeBank.Api.Features.Identity;

/// <summary>Input of <c>refreshSession</c>.</summary>
public sealed record RefreshSessionInput(string RefreshToken);

public sealed class RefreshSessionInputValidator : AbstractValidator<RefreshSessionInput>
{
    public RefreshSessionInputValidator() => RuleFor(i => i.RefreshToken).NotEmpty().MaximumLength(100);
}

public sealed class RefreshSessionInputType : InputObjectGraphType<RefreshSessionInput>
{
    public RefreshSessionInputType()
    {
        Name = "RefreshSessionInput";
        Description = "The refresh token of the session to continue.";
        Field(i => i.RefreshToken).Description("The latest refresh token; each one works once.");
    }
}

/// <summary>Trades a refresh token for a new access token and its successor refresh token.</summary>
public static class RefreshSession
{
    private static readonly RefreshSessionInputValidator Validator = new();

    private static readonly Failure Invalid = new(ErrorCode.InvalidRefreshToken, "This refresh token cannot be used; log in again.", "refreshToken");

    public static void AddRefreshSession(this ObjectGraphType mutation) =>
        mutation.Mutation<RefreshSessionInputType, SessionPayloadType>("refreshSession", "Trades a refresh token for a new access token and refresh token. Each refresh token works once: a second use, even at the same moment, ends the session.",
                [ErrorCode.InvalidRefreshToken])
            .ResolveAsync(async ctx => await ctx.RunAsync(Validator,
                (input, db) => ExecuteAsync(input, db, ctx.Service<RefreshTokens>(), ctx.Service<SessionIssuer>(), ctx.CancellationToken),
                SessionPayload.From));

    public static async Task<Outcome<Session>> ExecuteAsync(
        RefreshSessionInput input, TimeBankDbContext db, RefreshTokens refreshTokens, SessionIssuer sessions, CancellationToken ct)
    {
        var token = await refreshTokens.FindAsync(db, input.RefreshToken, ct);
        var user = token is null ? null : await db.Users.SingleOrDefaultAsync(u => u.Id == token.UserId && u.ErasedAt == null, ct);
        if (token is null || user is null)
        {
            return Invalid;
        }

        // The use and the successor commit together: a concurrent second use waits for this transaction and then
        // finds the token used, so the successor exists by the time that use ends the session.
        await using (var transaction = await db.Database.BeginTransactionAsync(ct))
        {
            if (await refreshTokens.TryUseAsync(db, token, ct))
            {
                var session = await sessions.StartAsync(db, user, ct, continuing: token.FamilyId);
                await transaction.CommitAsync(ct);
                return session;
            }
        }
        await refreshTokens.EndSessionAsync(db, token.FamilyId, ct);
        return Invalid;
    }
}
