using TimeBank.Api.Features.Listings;

namespace TimeBank.Api.Tests.Features.Listings;

public sealed class ListingTextTests
{
    [Theory]
    [InlineData("bike", "\"bike\"*")]
    [InlineData("  Bike   REPAIR ", "\"bike\"* \"repair\"*")]
    [InlineData("\"a\" OR b* NEAR(", "\"a\"* \"or\"* \"b\"* \"near\"*")]
    [InlineData("title:x^y", "\"title\"* \"x\"* \"y\"*")]
    [InlineData("café café", "\"café\"*")]
    public void QuotesEachWordAsAPrefixTermAndDropsEverythingElse(string text, string expected)
    {
        Assert.Equal(expected, ListingText.ToMatchQuery(text));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData(" \"*() - ^ ")]
    public void NothingLeftMeansNoTextFilter(string? text)
    {
        Assert.Null(ListingText.ToMatchQuery(text));
    }

    [Fact]
    public void KeepsAtMostTwelveWords()
    {
        var query = ListingText.ToMatchQuery(string.Join(' ', Enumerable.Range(1, 20).Select(i => $"w{i}")));

        Assert.Equal(12, query!.Split(' ').Length);
    }

    [Fact]
    public void TagsAreStoredLowerCaseBetweenBarsWithoutDuplicates()
    {
        Assert.Equal("|bike repair|garden|", ListingText.JoinTags([" Bike  Repair", "garden", "GARDEN"]));
        Assert.Equal("", ListingText.JoinTags([]));
        Assert.Equal(["bike repair", "garden"], ListingText.SplitTags("|bike repair|garden|"));
    }

    [Theory]
    [InlineData("bike-repair", true)]
    [InlineData("50%", false)]
    [InlineData("a|b", false)]
    [InlineData("under_score", false)]
    [InlineData("   ", false)]
    public void ATagHoldsLettersDigitsSpacesAndHyphens(string tag, bool valid)
    {
        Assert.Equal(valid, ListingText.IsValidTag(tag));
    }
}
