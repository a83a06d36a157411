namespace TimeBank.Api.Data.Entities;

/// <summary>A user in one community, with one ledger account there once approved.</summary>
public sealed class Member
{
    public long Id { get; set; }

    public long CommunityId { get; set; }

    public long UserId { get; set; }

    public required string DisplayName { get; set; }

    public string? Bio { get; set; }

    public string? Neighbourhood { get; set; }

    /// <summary>Free text such as "weekday evenings".</summary>
    public string? Availability { get; set; }

    public Visibility BioVisibility { get; set; } = Visibility.Members;

    public Visibility NeighbourhoodVisibility { get; set; } = Visibility.Members;

    public Visibility SkillsVisibility { get; set; } = Visibility.Members;

    public Visibility AvailabilityVisibility { get; set; } = Visibility.Members;

    public MemberStatus Status { get; set; }

    public MemberRoles Roles { get; set; } = MemberRoles.Member;

    /// <summary>Opened on approval; null while the application waits.</summary>
    public long? AccountId { get; set; }

    /// <summary>The ledger entry of the joining grant, once posted; guards against a second grant.</summary>
    public long? JoiningGrantEntrySequence { get; set; }

    public DateTime AppliedAt { get; set; }

    public DateTime? ErasedAt { get; set; }

    public List<MemberSkill> Skills { get; } = [];
}
