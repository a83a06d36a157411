using GraphQL;
using TimeBank.Api.Features;

namespace TimeBank.Api.Schema;

/// <summary>
/// The one check for "needs a login". Use cases answer an anonymous caller with a payload error; queries and
/// subscriptions, which have no payload, with a top-level error. Both carry UNAUTHENTICATED and the caller's message.
/// </summary>
public static class SignIn
{
    /// <summary>
    /// The failure a use case returns to an anonymous caller, or null when someone is signed in:
    /// <c>if (caller.RefuseAnonymous("Log in to …") is { } anonymous) { return anonymous; }</c>.
    /// </summary>
    public static Failure? RefuseAnonymous(this Caller caller, string message) =>
        caller.IsAuthenticated ? null : new Failure(ErrorCode.Unauthenticated, message);

    /// <summary>The signed-in user's id, for a query or a subscription; an anonymous caller gets a top-level UNAUTHENTICATED.</summary>
    public static long SignedInUserId(this IResolveFieldContext context, string message) =>
        context.Caller().UserId ?? throw new QueryError(ErrorCode.Unauthenticated, message);
}
