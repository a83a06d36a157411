using FluentValidation;

namespace TimeBank.Api.Features.Listings;

/// <summary>The field rules createListing and updateListing share.</summary>
public static class ListingRules
{
    public const int MaxTags = 10;

    public static void Title<T>(IRuleBuilderInitial<T, string?> rule) =>
        rule.Cascade(CascadeMode.Stop).NotEmpty().MaximumLength(120).Must(TextRules.HasVisibleText)
            .WithMessage("'Title' must contain visible characters.");

    public static void TagCount<T>(IRuleBuilderInitial<T, List<string>?> rule) =>
        rule.Must(t => t is null || t.Count <= MaxTags).WithMessage($"At most {MaxTags} tags.");

    public static void EachTag<T>(IRuleBuilderInitialCollection<T, string> rule) =>
        rule.Cascade(CascadeMode.Stop).MaximumLength(40).Must(ListingText.IsValidTag)
            .WithMessage("A tag holds letters, digits, spaces and hyphens.");
}
