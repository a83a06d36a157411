using TimeBank.Api.Data.Entities;

namespace TimeBank.Api.Features.Identity;

/// <summary>What a successful register, login or refresh returns to the client.</summary>
public sealed record Session(User User, string AccessToken, DateTime AccessTokenExpiresAt, string RefreshToken, DateTime RefreshTokenExpiresAt);
