using FluentValidation;

namespace TimeBank.Api.Features.Communities;

/// <summary>A community's rules as a client sends them; omitted fields keep their current (or default) value.</summary>
public sealed record PolicyInput(
    long? FloorMinutes = null, long? CeilingMinutes = null, long? JoiningGrantMinutes = null, int? AutoAcknowledgeDays = null,
    bool? RequiresApproval = null, bool? AllowsDirectRecording = null);

/// <summary>The rules every policy version keeps, checked on the merged result.</summary>
public sealed class PolicyRulesValidator : AbstractValidator<Data.Entities.CommunityPolicy>
{
    public const long MaxLimitMinutes = 1000 * 60; // a thousand hours either way

    public PolicyRulesValidator()
    {
        RuleFor(p => p.FloorMinutes).InclusiveBetween(-MaxLimitMinutes, 0)
            .WithMessage("The floor must be between -1000 hours and 0 minutes.");
        RuleFor(p => p.CeilingMinutes).InclusiveBetween(0, MaxLimitMinutes)
            .WithMessage("The ceiling must be between 0 minutes and 1000 hours.");
        RuleFor(p => p.JoiningGrantMinutes).GreaterThanOrEqualTo(0)
            .LessThanOrEqualTo(p => p.CeilingMinutes).WithMessage("The joining grant must be between 0 and the ceiling.");
        RuleFor(p => p.AutoAcknowledgeDays).InclusiveBetween(1, 90);
    }
}
