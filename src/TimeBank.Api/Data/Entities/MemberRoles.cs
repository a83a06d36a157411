namespace TimeBank.Api.Data.Entities;

/// <summary>Roles within one community (a deployment administrator is a flag on the user).</summary>
[Flags]
public enum MemberRoles
{
    None = 0,
    Member = 1,
    Coordinator = 2,
    Auditor = 4,
}
