using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;

namespace TimeBank.Api.Features.Identity;

/// <summary>
/// A request whose bearer token fails validation (forged, expired, without <c>exp</c>, of an ended session) is answered
/// 401 with a Bearer challenge and a GraphQL error coded UNAUTHENTICATED, and never runs: run as anonymous, it would
/// quietly show a client that lost its session the public view instead of telling it to refresh or log in.
/// </summary>
public static class InvalidTokenChallenge
{
    private const string Body =
        """{"errors":[{"message":"The access token is not valid (expired, ended or not ours); refresh the session or log in again.","extensions":{"code":"UNAUTHENTICATED"}}]}""";

    /// <summary>Authentication, then the refusal of invalid tokens; in place of <c>UseAuthentication</c>.</summary>
    public static IApplicationBuilder UseTimeBankAuthentication(this IApplicationBuilder app) =>
        app.UseAuthentication().Use(async (http, next) =>
        {
            // The handler keeps its result for the request, so this reads what UseAuthentication already decided.
            var result = await http.AuthenticateAsync(JwtBearerDefaults.AuthenticationScheme);
            if (result.Failure is null)
            {
                await next(http);
                return;
            }
            // Written here rather than by the bearer handler's challenge, which adds an error_description naming the
            // check that failed (signature key, lifetime): a forger learns nothing from it, and a client needs only this.
            http.Response.StatusCode = StatusCodes.Status401Unauthorized;
            http.Response.Headers.WWWAuthenticate = "Bearer error=\"invalid_token\"";
            // An answer to a request that carried credentials is never stored, as the GraphQL endpoint's own answers.
            http.Response.Headers.CacheControl = "no-store";
            http.Response.ContentType = "application/json; charset=utf-8";
            await http.Response.WriteAsync(Body, http.RequestAborted);
        });
}
