namespace TimeBank.Api.Data.Entities;

/// <summary>Who may see one field of a member's profile (the member always sees their own).</summary>
public enum Visibility
{
    Nobody = 0,
    Members = 1,
    Coordinators = 2,
}
