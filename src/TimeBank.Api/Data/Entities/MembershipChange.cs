namespace TimeBank.Api.Data.Entities;

/// <summary>
/// One change of a membership's status or roles. Actor is who did it, principal on whose behalf:
/// they differ when a coordinator acts for an offline member.
/// </summary>
public sealed class MembershipChange
{
    public long Id { get; set; }

    public long MemberId { get; set; }

    public MemberStatus FromStatus { get; set; }

    public MemberStatus ToStatus { get; set; }

    public MemberRoles Roles { get; set; }

    public long ActorUserId { get; set; }

    public long PrincipalMemberId { get; set; }

    public string? Reason { get; set; }

    public DateTime At { get; set; }
}
