using FluentValidation;

namespace TimeBank.Api.Features.Challenges;

/// <summary>The field rules the challenge mutations share; the columns hold exactly these lengths.</summary>
public static class ChallengeRules
{
    public const int TitleLength = 120;
    public const int DescriptionLength = 4000;
    public const int NeighbourhoodLength = 100;
    public const int ReasonLength = 1000;

    /// <summary>A challenge names few categories; a longer list is a mistake, and every need is a row.</summary>
    public const int MaxNeeds = 20;

    /// <summary>The most minutes one need may ask: 10,000 hours, far beyond any neighbourhood effort.</summary>
    public const int MaxNeedMinutes = 600_000;

    public static void Title<T>(IRuleBuilderInitial<T, string?> rule) =>
        rule.Cascade(CascadeMode.Stop).NotEmpty().MaximumLength(TitleLength).Must(TextRules.HasVisibleText)
            .WithMessage("'Title' must contain visible characters.");

    public static void Description<T>(IRuleBuilderInitial<T, string?> rule) => rule.MaximumLength(DescriptionLength);

    public static void Neighbourhood<T>(IRuleBuilderInitial<T, string?> rule) => rule.MaximumLength(NeighbourhoodLength);

    public static void Reason<T>(IRuleBuilderInitial<T, string?> rule) =>
        rule.Cascade(CascadeMode.Stop).NotEmpty().MaximumLength(ReasonLength).Must(TextRules.HasVisibleText)
            .WithMessage("'Reason' must contain visible characters.");

    /// <summary>One to <see cref="MaxNeeds"/> needs, each category once, each for 1 to <see cref="MaxNeedMinutes"/> minutes.</summary>
    public static void Needs<T>(IRuleBuilderInitial<T, List<ChallengeNeedInput>?> rule) =>
        rule.Cascade(CascadeMode.Stop)
            .NotEmpty().WithMessage("A challenge needs at least one category's minutes.")
            .Must(n => n!.Count <= MaxNeeds).WithMessage($"At most {MaxNeeds} needs.")
            .Must(n => n!.Select(x => x.CategoryId).Distinct().Count() == n!.Count).WithMessage("Each category at most once.")
            .Must(n => n!.All(x => x.Minutes is >= 1 and <= MaxNeedMinutes)).WithMessage($"Each need is 1 to {MaxNeedMinutes} minutes.");
}
