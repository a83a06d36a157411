using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Identity;
using Microsoft.IdentityModel.Tokens;
using TimeBank.Api.Data.Entities;
using TimeBank.Api.Hosting;
using TimeBank.GraphQL.WebSockets;

namespace TimeBank.Api.Features.Identity;

public static class AuthenticationRegistration
{
    /// <summary>
    /// Bearer authentication with our own tokens, or with an external OpenID Connect issuer when
    /// <c>Auth:Authority</c> is set. A request without a token is anonymous: the GraphQL authorization rule decides
    /// per field. A request with a token that fails validation is refused (<see cref="InvalidTokenChallenge"/>).
    /// </summary>
    public static WebApplicationBuilder AddTimeBankAuthentication(this WebApplicationBuilder builder, string dataFolder)
    {
        if (builder.Configuration.GetSection(AuthOptions.Section + ":AdminEmails").Exists())
        {
            // Registering an address proves nothing about owning it, so the setting that made such users admins is gone.
            throw new StartupException(
                "Auth:AdminEmails is no longer read: registering an email does not make an admin. Remove it, register, then run `TimeBank.Api admin grant <email>` on this host.");
        }
        var options = builder.Configuration.GetSection(AuthOptions.Section).Get<AuthOptions>() ?? new AuthOptions();
        var key = SigningKey.Load(options, dataFolder);
        var ownTokens = string.IsNullOrWhiteSpace(options.Authority);

        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton(key);
        builder.Services.AddSingleton<AccessTokens>();
        builder.Services.AddSingleton<RefreshTokens>();
        builder.Services.AddSingleton<EndedSessions>();
        builder.Services.AddHostedService<EndedSessionsLoader>();
        builder.Services.AddSingleton<SessionIssuer>();
        builder.Services.AddSingleton<IPasswordHasher<User>, PasswordHasher<User>>();
        builder.Services.AddSingleton<PasswordCheck>();
        builder.Services.AddSingleton<LoginThrottle>();
        builder.Services.AddHttpContextAccessor();
        builder.Services.AddSingleton<IWebSocketAuthenticator, BearerWebSocketAuthenticator>();

        if (!ownTokens)
        {
            // Registered here, not in the bearer options below: those run after the container is built, too late to add services.
            builder.Services.AddScoped<IClaimsTransformation, ExternalUserMapping>();
        }
        builder.Services
            .AddAuthentication(JwtBearerDefaults.AuthenticationScheme)
            .AddJwtBearer(jwt =>
            {
                jwt.MapInboundClaims = false;
                if (ownTokens)
                {
                    jwt.TokenValidationParameters = AccessTokens.ValidationParameters(options, key);
                    jwt.Events = new JwtBearerEvents { OnTokenValidated = RefuseEndedSessions };
                }
                else
                {
                    jwt.Authority = options.Authority;
                    jwt.Audience = options.Audience;
                    jwt.TokenValidationParameters = new TokenValidationParameters { NameClaimType = "sub", RequireExpirationTime = true };
                }
            });
        builder.Services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme).Configure<TimeProvider>((jwt, clock) =>
        {
            jwt.TokenValidationParameters.LifetimeValidator = AccessTokens.LifetimeOn(clock);
            if (ownTokens)
            {
                // Each token is parsed and its signature checked once; expiry and the session are still checked every request.
                jwt.TokenHandlers.Clear();
                jwt.TokenHandlers.Add(new ValidatedTokenCache(clock) { MapInboundClaims = false });
            }
        });
        builder.Services.AddAuthorization();
        return builder;
    }

    private static Task RefuseEndedSessions(TokenValidatedContext context)
    {
        if (!context.HttpContext.RequestServices.GetRequiredService<EndedSessions>().IsLive(context.Principal!))
        {
            context.Fail("The session has ended.");
        }
        return Task.CompletedTask;
    }
}
