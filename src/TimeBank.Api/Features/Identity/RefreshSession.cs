using FluentValidation;
using Microsoft.EntityFrameworkCore;
using TimeBank.Api.Data;
using TimeBank.Api.Schema;

namespace TimeBank.Api.Features.Identity;

/// <summary>Input of <c>refreshSession</c>.</summary>
public sealed record RefreshSessionInput(string RefreshToken);

public sealed class RefreshSessionInputValidator : AbstractValidator<RefreshSessionInput>
{
    public RefreshSessionInputValidator() => RuleFor(i => i.RefreshToken).NotEmpty().MaximumLength(100);
}

/// <summary>Trades a refresh token for a new access token and its successor refresh token.</summary>
public static class RefreshSession
{
    public static async Task<Outcome<Session>> ExecuteAsync(
        RefreshSessionInput input, TimeBankDbContext db, RefreshTokens refreshTokens, SessionIssuer sessions, CancellationToken ct)
    {
        var token = await refreshTokens.FindUsableAsync(db, input.RefreshToken, ct);
        var user = token is null ? null : await db.Users.SingleOrDefaultAsync(u => u.Id == token.UserId && u.ErasedAt == null, ct);
        if (token is null || user is null)
        {
            return new Failure(ErrorCode.InvalidRefreshToken, "This refresh token cannot be used; log in again.", "refreshToken");
        }
        return await sessions.StartAsync(db, user, ct, replacing: token);
    }
}
