using GraphQL.Validation;
using GraphQLParser;
using GraphQLParser.AST;

namespace TimeBank.GraphQL.Authorization;

/// <summary>
/// A selection the user may not make, reported during validation so nothing executes.
/// The transports answer <see cref="Unauthenticated"/> with 401 and <see cref="Forbidden"/> with 403.
/// </summary>
public sealed class AuthorizationError : ValidationError
{
    /// <summary>Nobody is signed in and the selection needs someone.</summary>
    public const string Unauthenticated = "UNAUTHENTICATED";

    /// <summary>The signed-in user lacks a role or fails a policy.</summary>
    public const string Forbidden = "FORBIDDEN";

    public AuthorizationError(ROM source, ASTNode node, string code, string message) : base(source, "6.1.authorization", message, node)
    {
        Code = code;
    }
}
