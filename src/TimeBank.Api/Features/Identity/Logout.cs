using FluentValidation;
using Microsoft.EntityFrameworkCore;
using TimeBank.Api.Data;
using TimeBank.Api.Schema;

namespace TimeBank.Api.Features.Identity;

/// <summary>Input of <c>logout</c>.</summary>
public sealed record LogoutInput(string RefreshToken);

public sealed class LogoutInputValidator : AbstractValidator<LogoutInput>
{
    public LogoutInputValidator() => RuleFor(i => i.RefreshToken).NotEmpty().MaximumLength(100);
}

/// <summary>Ends a session: the refresh token and every token of its family stop working.</summary>
public static class Logout
{
    public static async Task<Outcome<bool>> ExecuteAsync(LogoutInput input, TimeBankDbContext db, RefreshTokens refreshTokens, CancellationToken ct)
    {
        var hash = RefreshTokens.Hash(input.RefreshToken);
        var token = await db.RefreshTokens.SingleOrDefaultAsync(t => t.TokenHash == hash, ct);
        if (token is null)
        {
            return new Failure(ErrorCode.InvalidRefreshToken, "This refresh token is unknown.", "refreshToken");
        }
        await refreshTokens.RevokeFamilyAsync(db, token.FamilyId, ct);
        return true;
    }
}
