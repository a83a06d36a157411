using System.Collections;
using System.Globalization;
using System.Text;
using GraphQL;
using GraphQL.Builders;
using GraphQL.Types;
using TimeBank.Api.Schema;

namespace TimeBank.Api.Features;

/// <summary>Named predicates for free text that validators share, and the length rules of query arguments.</summary>
public static class TextRules
{
    /// <summary>The character that makes the next one literal in the LIKE patterns built by <see cref="LikeContaining"/>.</summary>
    public const string LikeEscape = "\\";

    /// <summary>Not only spaces, tabs or invisible characters.</summary>
    public static bool HasVisibleText(string? text) =>
        text is not null && text.Any(c => !char.IsWhiteSpace(c) && !char.IsControl(c) && char.GetUnicodeCategory(c) != UnicodeCategory.Format);

    public static bool IsKnownTimeZone(string? id) => id is not null && TimeZoneInfo.TryFindSystemTimeZoneById(id, out _);

    /// <summary>
    /// A LIKE pattern (with <see cref="LikeEscape"/>) that finds <paramref name="part"/> anywhere: its <c>%</c>,
    /// <c>_</c> and escape characters match themselves, so a filter can neither widen itself nor build a pattern
    /// that makes SQLite work hard.
    /// </summary>
    public static string LikeContaining(string part)
    {
        var pattern = new StringBuilder(part.Length + 8).Append('%');
        foreach (var c in part)
        {
            if (c is '%' or '_' or '\\')
            {
                pattern.Append('\\');
            }
            pattern.Append(c);
        }
        return pattern.Append('%').ToString();
    }

    /// <summary>
    /// Refuses a longer string (or a list with a longer string or more than <paramref name="maxItems"/> items) in this
    /// argument while the request is validated, before anything runs: INVALID_INPUT at top level, naming the argument.
    /// Query arguments have no FluentValidation validator of their own; mutation inputs use theirs.
    /// </summary>
    public static QueryArgument MaxLength(this QueryArgument argument, int maxLength, int maxItems = 1)
    {
        argument.Validate(value => Check(argument.Name, value, maxLength, maxItems));
        return argument;
    }

    /// <summary>The same rule for a string field of an input type that a query takes (a filter).</summary>
    public static FieldBuilder<TSource, TReturn> MaxLength<TSource, TReturn>(this FieldBuilder<TSource, TReturn> field, int maxLength, int maxItems = 1)
    {
        var name = field.FieldType.Name;
        return field.Validate(value => Check(name, value, maxLength, maxItems));
    }

    private static void Check(string name, object? value, int maxLength, int maxItems)
    {
        switch (value)
        {
            case string text when text.Length > maxLength:
                throw Invalid($"'{name}' must be {maxLength} characters or fewer.");
            case IEnumerable items and not string:
                var count = 0;
                foreach (var item in items)
                {
                    if (++count > maxItems)
                    {
                        throw Invalid($"'{name}' holds at most {maxItems} items.");
                    }
                    Check(name, item, maxLength, maxItems);
                }
                break;
        }
    }

    private static QueryError Invalid(string message) => new(ErrorCode.InvalidInput, message);
}
