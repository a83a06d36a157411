using TimeBank.Api.Data.Entities;
using TimeBank.Api.Features.Matching;

namespace TimeBank.Api.Tests.Features.Matching;

/// <summary>The scoring rules as a table: each row changes the request of one fixed pair and states the result.</summary>
public sealed class MatchScorerTests
{
    private static readonly DateTime Now = new(2026, 11, 25, 9, 0, 0, DateTimeKind.Utc);

    private static readonly Listing Offer = new()
    {
        Id = 1,
        CommunityId = 1,
        OwnerMemberId = 10,
        Kind = ListingKind.Offer,
        Status = ListingStatus.Open,
        CategoryId = 100,
        Title = "Hedge trimming and garden tidying",
        Description = "I have shears and a ladder.",
        Tags = "|garden|hedges|",
        Neighbourhood = "Riverside",
        UpdatedAt = Now.AddDays(-1),
    };

    /// <summary>Case name, how the request differs from a perfect counterpart, the expected score (null: never a pair) and reasons.</summary>
    public static TheoryData<string, Action<Listing>, double?, string> Cases => new()
    {
        { "everything in common", _ => { }, 1.0, "SameCategory,SharedTags,CommonWords,SameNeighbourhood,Recent" },
        { "category only, fresh", r => Plain(r), 0.40, "SameCategory,Recent" },
        { "category and neighbourhood", r => { Plain(r); r.Neighbourhood = "riverside "; }, 0.50, "SameCategory,SameNeighbourhood,Recent" },
        { "category and one word (prefix)", r => { Plain(r); r.Title = "Gardening"; }, 0.483, "SameCategory,CommonWords,Recent" },
        { "other category, two tags, three words", r => { r.CategoryId = 200; r.Neighbourhood = null; }, 0.55, "SharedTags,CommonWords,Recent" },
        { "one tag of two halves the tag weight", r => { Plain(r); r.Tags = "|garden|"; }, 0.608, "SameCategory,SharedTags,CommonWords,Recent" },
        { "stale counterpart loses recency", r => { Plain(r); r.UpdatedAt = Now.AddDays(-90); }, 0.35, "SameCategory" },
        { "half-faded recency", r => { Plain(r); r.UpdatedAt = Now.AddDays(-37); }, 0.375, "SameCategory,Recent" },
        { "stop words and short words do not count", r => { Plain(r); r.Title = "I need help with the and a garden"; }, 0.483, "SameCategory,CommonWords,Recent" },
        { "two requests never match", r => r.Kind = ListingKind.Offer, null, "" },
        { "never the same member", r => r.OwnerMemberId = 10, null, "" },
        { "never across communities", r => r.CommunityId = 2, null, "" },
        { "never a closed listing", r => r.Status = ListingStatus.Closed, null, "" },
        { "never an expired listing", r => r.Status = ListingStatus.Expired, null, "" },
        { "never a paused listing", r => r.Status = ListingStatus.Paused, null, "" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void ScoresAPair(string name, Action<Listing> change, double? score, string reasons)
    {
        var request = new Listing
        {
            Id = 2,
            CommunityId = 1,
            OwnerMemberId = 20,
            Kind = ListingKind.Request,
            Status = ListingStatus.Open,
            CategoryId = 100,
            Title = "Overgrown hedges need trimming",
            Description = "Garden is a jungle.",
            Tags = "|hedges|garden|",
            Neighbourhood = "Riverside",
            UpdatedAt = Now.AddDays(-2),
        };
        change(request);

        var result = MatchScorer.Score(MatchProfile.From(Offer, true), MatchProfile.From(request, true), Now);

        Assert.True(score == result?.Score, $"{name}: expected {score}, got {result?.Score}");
        Assert.Equal(reasons, result is null ? "" : string.Join(',', result.Reasons));
    }

    [Fact]
    public void ScoringIsTheSameFromEitherSide()
    {
        var request = new Listing
        {
            Id = 2,
            CommunityId = 1,
            OwnerMemberId = 20,
            Kind = ListingKind.Request,
            Status = ListingStatus.Open,
            CategoryId = 100,
            Title = "Hedges",
            Description = "",
            Tags = "|garden|",
            UpdatedAt = Now.AddDays(-1),
        };

        var fromOffer = MatchScorer.Score(MatchProfile.From(Offer, true), MatchProfile.From(request, true), Now);
        var fromRequest = MatchScorer.Score(MatchProfile.From(request, true), MatchProfile.From(Offer, true), Now);

        Assert.Equal(fromOffer!.Score, fromRequest!.Score);
        Assert.Equal(["garden"], fromOffer.SharedTags);
    }

    [Fact]
    public void NeverAnOwnerWhoIsNotActive()
    {
        var request = new Listing
        {
            Id = 2,
            CommunityId = 1,
            OwnerMemberId = 20,
            Kind = ListingKind.Request,
            Status = ListingStatus.Open,
            CategoryId = 100,
            Title = "Hedges",
            Description = "",
            UpdatedAt = Now,
        };

        Assert.Null(MatchScorer.Score(MatchProfile.From(Offer, true), MatchProfile.From(request, ownerActive: false), Now));
        Assert.NotNull(MatchScorer.Score(MatchProfile.From(Offer, true), MatchProfile.From(request, ownerActive: true), Now));
    }

    [Theory]
    [InlineData("garden", "gardening", true)]
    [InlineData("gardening", "garden", true)]
    [InlineData("bike", "bikes", true)]
    [InlineData("car", "carpentry", false)]
    [InlineData("art", "artist", false)]
    [InlineData("painter", "painting", true)]
    [InlineData("cars", "car", false)]
    public void AWordMatchesItsFormsWithCommonEndings(string a, string b, bool same)
    {
        Assert.Equal(same, MatchScorer.SameWord(a, b));
    }

    [Fact]
    public void WordsAreLowerCaseWithoutAccentsOrStopWords()
    {
        Assert.Equal(["cafe", "garden", "repair"], MatchScorer.Words("Café: the GARDEN repair, for you!").Order());
    }

    /// <summary>Nothing in common but the category.</summary>
    private static void Plain(Listing request)
    {
        request.Title = "Something else entirely";
        request.Description = "";
        request.Tags = "";
        request.Neighbourhood = null;
    }
}
