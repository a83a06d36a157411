namespace TimeBank.Api.Data.Entities;

public enum MemberStatus
{
    Applied = 0,
    Active = 1,
    Suspended = 2,
    Left = 3,
    Declined = 4,
}
