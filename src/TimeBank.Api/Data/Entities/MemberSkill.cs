namespace TimeBank.Api.Data.Entities;

/// <summary>A skill a member offers: a category of the taxonomy, a free tag, or both.</summary>
public sealed class MemberSkill
{
    public long Id { get; set; }

    public long MemberId { get; set; }

    public long? CategoryId { get; set; }

    /// <summary>Lower-case free tag such as "bike repair".</summary>
    public string? Tag { get; set; }
}
