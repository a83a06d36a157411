using System.Text.RegularExpressions;
using FluentValidation;
using FluentValidation.Results;

namespace TimeBank.GraphQL.Mutations;

/// <summary>Turns FluentValidation failures into <see cref="UserError"/>s with paths into the input.</summary>
public static partial class ValidationUserErrors
{
    /// <summary>The code of a failure whose validator gave no SCREAMING_SNAKE <c>WithErrorCode</c>.</summary>
    public const string InvalidInput = "INVALID_INPUT";

    /// <summary>
    /// Validates <paramref name="input"/> and returns its failures as user errors (empty when valid).
    /// Validators hold rules only: no I/O, so this never needs a database.
    /// </summary>
    public static async Task<IReadOnlyList<UserError>> ValidateToUserErrorsAsync<T>(this IValidator<T> validator, T input, CancellationToken cancellationToken)
    {
        var result = await validator.ValidateAsync(input, cancellationToken);
        return result.ToUserErrors();
    }

    /// <summary>
    /// One user error per failure: <c>Edition.Year</c> becomes the path <c>["input", "edition", "year"]</c> and
    /// <c>Tags[1]</c> becomes <c>["input", "tags", "1"]</c>. The code is the rule's <c>WithErrorCode</c> when it is
    /// SCREAMING_SNAKE, else <see cref="InvalidInput"/>.
    /// </summary>
    public static IReadOnlyList<UserError> ToUserErrors(this ValidationResult result, string root = MutationExtensions.InputArgument) =>
        [.. result.Errors.Select(failure => new UserError(
            ScreamingSnake().IsMatch(failure.ErrorCode ?? "") ? failure.ErrorCode! : InvalidInput,
            failure.ErrorMessage,
            [root, .. PathOf(failure.PropertyName)]))];

    private static IEnumerable<string> PathOf(string? propertyName) =>
        string.IsNullOrEmpty(propertyName)
            ? []
            : Segment().Matches(propertyName).Select(m => m.Value).Select(s => char.IsDigit(s[0]) ? s : char.ToLowerInvariant(s[0]) + s[1..]);

    [GeneratedRegex("^[A-Z][A-Z0-9]*(_[A-Z0-9]+)*$")]
    private static partial Regex ScreamingSnake();

    [GeneratedRegex("[^.\\[\\]]+")]
    private static partial Regex Segment();
}
