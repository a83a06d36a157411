using System.Text;

namespace TimeBank.Api.Features.Listings;

/// <summary>Turns what people type into safe FTS5 queries and tags into their stored form.</summary>
public static class ListingText
{
    private const int MaxSearchWords = 12;

    /// <summary>
    /// Each word of <paramref name="text"/> as a quoted prefix term ("bike"* "rep"*), all required. Only
    /// letters and digits survive, so no FTS5 syntax (OR, NEAR, columns, quotes) gets through; null when
    /// nothing is left to search for.
    /// </summary>
    public static string? ToMatchQuery(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }
        var words = new List<string>();
        var word = new StringBuilder();
        foreach (var c in text.Normalize(NormalizationForm.FormC) + " ")
        {
            if (char.IsLetterOrDigit(c))
            {
                word.Append(char.ToLowerInvariant(c));
            }
            else if (word.Length > 0)
            {
                words.Add(word.ToString());
                word.Clear();
            }
        }
        var terms = words.Distinct().Take(MaxSearchWords).Select(w => "\"" + w + "\"*").ToList();
        return terms.Count == 0 ? null : string.Join(' ', terms);
    }

    /// <summary>A tag as stored and compared: trimmed, single-spaced, lower-case.</summary>
    public static string NormalizeTag(string tag) =>
        string.Join(' ', tag.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToLowerInvariant();

    /// <summary>Letters, digits, spaces and hyphens only, so a tag can be stored between bars and matched with LIKE.</summary>
    public static bool IsValidTag(string? tag) =>
        tag is not null && NormalizeTag(tag) is { Length: > 0 } t && t.All(c => char.IsLetterOrDigit(c) || c is ' ' or '-');

    public static string JoinTags(IEnumerable<string>? tags)
    {
        var list = (tags ?? []).Select(NormalizeTag).Distinct().ToList();
        return list.Count == 0 ? "" : "|" + string.Join('|', list) + "|";
    }

    public static IReadOnlyList<string> SplitTags(string stored) => stored.Split('|', StringSplitOptions.RemoveEmptyEntries);
}
