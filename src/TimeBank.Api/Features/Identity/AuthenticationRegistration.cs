using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Identity;
using Microsoft.IdentityModel.Tokens;
using TimeBank.Api.Data.Entities;
using TimeBank.GraphQL.WebSockets;

namespace TimeBank.Api.Features.Identity;

public static class AuthenticationRegistration
{
    /// <summary>
    /// Bearer authentication with our own tokens, or with an external OpenID Connect issuer when
    /// <c>Auth:Authority</c> is set. Either way a request without a token is anonymous, not refused:
    /// the GraphQL authorization rule decides per field.
    /// </summary>
    public static WebApplicationBuilder AddTimeBankAuthentication(this WebApplicationBuilder builder, string dataFolder)
    {
        var options = builder.Configuration.GetSection(AuthOptions.Section).Get<AuthOptions>() ?? new AuthOptions();
        var key = SigningKey.Load(options, dataFolder);

        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton(key);
        builder.Services.AddSingleton<AccessTokens>();
        builder.Services.AddSingleton<RefreshTokens>();
        builder.Services.AddSingleton<SessionIssuer>();
        builder.Services.AddSingleton<IPasswordHasher<User>, PasswordHasher<User>>();
        builder.Services.AddSingleton<LoginThrottle>();
        builder.Services.AddHttpContextAccessor();
        builder.Services.AddSingleton<IWebSocketAuthenticator, BearerWebSocketAuthenticator>();

        if (!string.IsNullOrWhiteSpace(options.Authority))
        {
            // Registered here, not in the bearer options below: those run after the container is built, too late to add services.
            builder.Services.AddScoped<IClaimsTransformation, ExternalUserMapping>();
        }
        builder.Services
            .AddAuthentication(JwtBearerDefaults.AuthenticationScheme)
            .AddJwtBearer(jwt =>
            {
                jwt.MapInboundClaims = false;
                if (string.IsNullOrWhiteSpace(options.Authority))
                {
                    jwt.TokenValidationParameters = AccessTokens.ValidationParameters(options, key);
                }
                else
                {
                    jwt.Authority = options.Authority;
                    jwt.Audience = options.Audience;
                    jwt.TokenValidationParameters = new TokenValidationParameters { NameClaimType = "sub" };
                }
            });
        // Lifetimes are checked on the application's clock, the one that stamped the token.
        builder.Services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme).Configure<TimeProvider>((jwt, clock) =>
            jwt.TokenValidationParameters.LifetimeValidator = (notBefore, expires, _, parameters) =>
            {
                var now = clock.GetUtcNow().UtcDateTime;
                return (notBefore is null || notBefore <= now + parameters.ClockSkew) && (expires is null || expires > now - parameters.ClockSkew);
            });
        builder.Services.AddAuthorization();
        return builder;
    }
}
