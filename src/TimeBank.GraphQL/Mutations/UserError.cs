namespace TimeBank.GraphQL.Mutations;

/// <summary>
/// An expected business outcome that stopped a mutation (invalid input, wrong state, not enough of something),
/// returned in the payload's <c>errors</c> rather than as a top-level GraphQL error.
/// </summary>
/// <param name="Code">SCREAMING_SNAKE code a client can switch on.</param>
/// <param name="Message">A sentence for people.</param>
/// <param name="Path">Where in the arguments the problem is, e.g. <c>["input", "email"]</c>; null when it concerns the whole input.</param>
public sealed record UserError(string Code, string Message, IReadOnlyList<string>? Path = null)
{
    /// <summary>The error a result status stands for, as declared by <see cref="UserErrorAttribute"/> on the enum member.</summary>
    public static UserError From<TStatus>(TStatus status, params string[] path)
        where TStatus : struct, Enum
    {
        var (code, message) = UserErrorCodes.Describe(status);
        return new UserError(code, message, path.Length == 0 ? null : path);
    }
}
