namespace TimeBank.GraphQL.Mutations;

/// <summary>
/// An expected business outcome that stopped a mutation (invalid input, wrong state, not enough of something),
/// returned in the payload's <c>errors</c> rather than as a top-level GraphQL error.
/// </summary>
/// <param name="Code">SCREAMING_SNAKE code a client can switch on.</param>
/// <param name="Message">A sentence for people.</param>
/// <param name="Path">Where in the arguments the problem is, e.g. <c>["input", "email"]</c>; null when it concerns the whole input.</param>
public sealed record UserError(string Code, string Message, IReadOnlyList<string>? Path = null);
