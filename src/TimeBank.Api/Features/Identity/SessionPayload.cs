using GraphQL.Types;
using TimeBank.GraphQL.Mutations;

namespace TimeBank.Api.Features.Identity;

/// <summary>What <c>register</c>, <c>login</c> and <c>refreshSession</c> return.</summary>
public sealed class SessionPayload : Payload
{
    public Session? Session { get; init; }

    public static SessionPayload From(Session session) => new() { Session = session };
}

public sealed class SessionPayloadType : PayloadType<SessionPayload>
{
    public SessionPayloadType()
    {
        Name = "SessionPayload";
        Description = "A signed-in session: send the access token as `Authorization: Bearer <token>`; trade the refresh token for a new pair before it expires.";
        Field<UserType>("user").Description("The signed-in user; null when there are errors.").Resolve(ctx => ctx.Source.Session?.User);
        Field<StringGraphType>("accessToken").Description("A short-lived JWT for the Authorization header.")
            .Resolve(ctx => ctx.Source.Session?.AccessToken);
        Field<DateTimeGraphType>("accessTokenExpiresAt").Description("When the access token stops working (UTC).")
            .Resolve(ctx => ctx.Source.Session?.AccessTokenExpiresAt);
        Field<StringGraphType>("refreshToken").Description("A single-use secret for refreshSession; keep it safe, it rotates on every use.")
            .Resolve(ctx => ctx.Source.Session?.RefreshToken);
        Field<DateTimeGraphType>("refreshTokenExpiresAt").Description("When the refresh token stops working (UTC).")
            .Resolve(ctx => ctx.Source.Session?.RefreshTokenExpiresAt);
    }
}
