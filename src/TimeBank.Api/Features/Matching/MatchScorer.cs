using System.Text;
using TimeBank.Api.Data.Entities;
using TimeBank.Api.Features.Listings;

namespace TimeBank.Api.Features.Matching;

/// <summary>What matching knows of a listing: the parts it compares, already normalised.</summary>
public sealed record MatchProfile(
    long ListingId, long CommunityId, long OwnerMemberId, bool OwnerActive, ListingKind Kind, ListingStatus Status, long CategoryId,
    IReadOnlySet<string> Tags, HashSet<string> Words, string? Neighbourhood, DateTime UpdatedAt)
{
    /// <summary>The words' stems (see <see cref="MatchScorer.Stem"/>): common words are the intersection of two such sets.</summary>
    public HashSet<string> Stems { get; } = Words.Select(MatchScorer.Stem).ToHashSet(StringComparer.Ordinal);

    public static MatchProfile From(Listing listing, bool ownerActive) => new(
        listing.Id, listing.CommunityId, listing.OwnerMemberId, ownerActive, listing.Kind, listing.Status, listing.CategoryId,
        ListingText.SplitTags(listing.Tags).ToHashSet(StringComparer.Ordinal),
        MatchScorer.Words(listing.Title + " " + listing.Description + " " + listing.Tags.Replace('|', ' ')),
        string.IsNullOrWhiteSpace(listing.Neighbourhood) ? null : listing.Neighbourhood.Trim().ToLowerInvariant(),
        listing.UpdatedAt);
}

/// <summary>A pair's score, 0 to 1, and why.</summary>
public sealed record MatchScore(double Score, IReadOnlyList<MatchReason> Reasons, IReadOnlyList<string> SharedTags, IReadOnlyList<string> CommonWords);

/// <summary>
/// Scores a request against an offer, without a database, so the rules are table-tested. The weights sum
/// to 1: a pair in the same category that also shares one more thing (a tag, a word, the neighbourhood)
/// passes <see cref="Threshold"/>; without the category it takes shared tags and several common words.
/// </summary>
public static class MatchScorer
{
    /// <summary>Both in the same category of the community's taxonomy: the strongest single sign.</summary>
    public const double CategoryWeight = 0.35;

    /// <summary>Full weight from two shared tags; half from one. Tags are chosen by people, so they count more than words.</summary>
    public const double TagsWeight = 0.25;

    /// <summary>Full weight from three common words (title, description, tags), a third per word.</summary>
    public const double WordsWeight = 0.25;

    /// <summary>The same neighbourhood (ignoring case): help next door is easier to give.</summary>
    public const double NeighbourhoodWeight = 0.10;

    /// <summary>Full for a counterpart changed in the last <see cref="FreshFor"/>, fading to nothing at <see cref="StaleAfter"/>.</summary>
    public const double RecencyWeight = 0.05;

    /// <summary>Pairs scoring less are not stored.</summary>
    public const double Threshold = 0.45;

    public static readonly TimeSpan FreshFor = TimeSpan.FromDays(14);

    public static readonly TimeSpan StaleAfter = TimeSpan.FromDays(60);

    /// <summary>Words shorter than this carry little meaning ("a", "to", "do").</summary>
    public const int MinWordLength = 3;

    /// <summary>The shortest stem an ending is dropped for ("bikes" becomes "bike"; "cars" stays "cars").</summary>
    public const int MinStemLength = 4;

    private static readonly string[] Endings = ["ing", "ed", "er", "s"];

    // The app runs with invariant globalization, where Normalize() leaves accents alone; this folds the
    // Latin letters people type most, as the search index's remove_diacritics does.
    private const string Accented = "àáâãäåāçćčèéêëēęìíîïīłñńòóôõöøōśšùúûüūýÿźżž";
    private const string Unaccented = "aaaaaaaccceeeeeeiiiiilnnooooooossuuuuuyyzzz";

    private static readonly HashSet<string> StopWords = new(StringComparer.Ordinal)
    {
        "the", "and", "for", "with", "you", "your", "can", "are", "who", "will", "from", "have", "has", "that", "this", "need",
        "needs", "help", "any", "our", "out", "some", "but", "not", "all", "get", "also", "would", "like", "about", "into", "just",
        "offer", "request", "please", "someone", "anyone", "happy", "able", "time", "hour", "hours", "week", "weekend",
    };

    /// <summary>
    /// The score of <paramref name="listing"/> and <paramref name="candidate"/>, or null when they may never
    /// be matched: not one offer and one request, one member's own two listings, two communities, a listing
    /// not OPEN or an owner not ACTIVE.
    /// </summary>
    public static MatchScore? Score(MatchProfile listing, MatchProfile candidate, DateTime now)
    {
        if (listing.Kind == candidate.Kind
            || listing.OwnerMemberId == candidate.OwnerMemberId
            || listing.CommunityId != candidate.CommunityId
            || listing.Status != ListingStatus.Open || candidate.Status != ListingStatus.Open
            || !listing.OwnerActive || !candidate.OwnerActive)
        {
            return null;
        }
        var reasons = new List<(MatchReason Reason, double Points)>();
        if (listing.CategoryId == candidate.CategoryId)
        {
            reasons.Add((MatchReason.SameCategory, CategoryWeight));
        }
        var sharedTags = listing.Tags.Where(candidate.Tags.Contains).Order(StringComparer.Ordinal).ToList();
        if (sharedTags.Count > 0)
        {
            reasons.Add((MatchReason.SharedTags, TagsWeight * Math.Min(1.0, sharedTags.Count / 2.0)));
        }
        var commonStems = listing.Stems.Where(candidate.Stems.Contains).ToHashSet(StringComparer.Ordinal);
        var commonCount = commonStems.Count;
        var commonWords = listing.Words.Concat(candidate.Words).Where(w => commonStems.Contains(Stem(w))).Distinct().Order(StringComparer.Ordinal).ToList();
        if (commonCount > 0)
        {
            reasons.Add((MatchReason.CommonWords, WordsWeight * Math.Min(1.0, commonCount / 3.0)));
        }
        if (listing.Neighbourhood is not null && listing.Neighbourhood == candidate.Neighbourhood)
        {
            reasons.Add((MatchReason.SameNeighbourhood, NeighbourhoodWeight));
        }
        var freshness = Freshness(now - candidate.UpdatedAt);
        if (freshness > 0)
        {
            reasons.Add((MatchReason.Recent, RecencyWeight * freshness));
        }
        var score = Math.Round(Math.Min(1.0, reasons.Sum(r => r.Points)), 3);
        return new MatchScore(score, reasons.OrderByDescending(r => r.Points).Select(r => r.Reason).ToList(), sharedTags, commonWords);
    }

    /// <summary>1 while fresh, then falling linearly to 0 when stale.</summary>
    public static double Freshness(TimeSpan age) =>
        age <= FreshFor ? 1.0
        : age >= StaleAfter ? 0.0
        : 1.0 - ((age - FreshFor) / (StaleAfter - FreshFor));

    /// <summary>Whether two words count as one: the same once their common English ending is dropped.</summary>
    public static bool SameWord(string a, string b) => Stem(a) == Stem(b);

    /// <summary>
    /// A light stem, so "gardening" meets "garden" and "bikes" meets "bike": drops -ing, -ed, -er or a
    /// single -s when at least <see cref="MinStemLength"/> letters remain. Comparing stems is one hash
    /// look-up per word, where comparing every word with every other was the bulk of scoring.
    /// </summary>
    public static string Stem(string word)
    {
        foreach (var ending in Endings)
        {
            if (word.Length - ending.Length >= MinStemLength && word.EndsWith(ending, StringComparison.Ordinal)
                && !(ending == "s" && word.EndsWith("ss", StringComparison.Ordinal)))
            {
                return word[..^ending.Length];
            }
        }
        return word;
    }

    /// <summary>The meaningful words of a text: lower-case, accents removed (as the search index does), no stop words.</summary>
    public static HashSet<string> Words(string text)
    {
        var words = new HashSet<string>(StringComparer.Ordinal);
        var word = new StringBuilder();
        foreach (var c in text + " ")
        {
            if (char.IsLetterOrDigit(c))
            {
                var lower = char.ToLowerInvariant(c);
                var accented = Accented.IndexOf(lower, StringComparison.Ordinal);
                word.Append(accented < 0 ? lower : Unaccented[accented]);
                continue;
            }
            if (word.Length >= MinWordLength && !StopWords.Contains(word.ToString()))
            {
                words.Add(word.ToString());
            }
            word.Clear();
        }
        return words;
    }
}
