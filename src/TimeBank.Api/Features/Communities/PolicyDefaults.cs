using TimeBank.Api.Data.Entities;

namespace TimeBank.Api.Features.Communities;

/// <summary>The rules a community gets unless it says otherwise (README, "Communities, members and roles").</summary>
public static class PolicyDefaults
{
    public const long FloorMinutes = -10 * 60;
    public const long CeilingMinutes = 100 * 60;
    public const int AutoAcknowledgeDays = 14;

    /// <summary>Fills <paramref name="target"/> from the input, then from <paramref name="previous"/>, then from the defaults.</summary>
    public static CommunityPolicy Apply(PolicyInput? input, CommunityPolicy target, CommunityPolicy? previous = null)
    {
        target.FloorMinutes = input?.FloorMinutes ?? previous?.FloorMinutes ?? FloorMinutes;
        target.CeilingMinutes = input?.CeilingMinutes ?? previous?.CeilingMinutes ?? CeilingMinutes;
        target.JoiningGrantMinutes = input?.JoiningGrantMinutes ?? previous?.JoiningGrantMinutes ?? 0;
        target.AutoAcknowledgeDays = input?.AutoAcknowledgeDays ?? previous?.AutoAcknowledgeDays ?? AutoAcknowledgeDays;
        target.RequiresApproval = input?.RequiresApproval ?? previous?.RequiresApproval ?? true;
        target.AllowsDirectRecording = input?.AllowsDirectRecording ?? previous?.AllowsDirectRecording ?? true;
        return target;
    }
}
