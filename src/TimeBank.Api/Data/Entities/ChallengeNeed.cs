namespace TimeBank.Api.Data.Entities;

/// <summary>How many minutes of one category a challenge needs; progress compares pledges and contributions with it.</summary>
public sealed class ChallengeNeed
{
    public long ChallengeId { get; set; }

    public long CategoryId { get; set; }

    public int Minutes { get; set; }
}
