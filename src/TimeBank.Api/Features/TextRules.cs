namespace TimeBank.Api.Features;

/// <summary>Named predicates for free text that validators share.</summary>
public static class TextRules
{
    /// <summary>Not only spaces, tabs or invisible characters.</summary>
    public static bool HasVisibleText(string? text) =>
        text is not null && text.Any(c => !char.IsWhiteSpace(c) && !char.IsControl(c) && char.GetUnicodeCategory(c) != System.Globalization.UnicodeCategory.Format);

    public static bool IsKnownTimeZone(string? id) => id is not null && TimeZoneInfo.TryFindSystemTimeZoneById(id, out _);
}
