namespace TimeBank.Api.Data.Entities;

/// <summary>A skill category of one community's taxonomy, edited by its coordinators.</summary>
public sealed class Category
{
    public long Id { get; set; }

    public long CommunityId { get; set; }

    /// <summary>Stable, URL-safe and unique within the community.</summary>
    public required string Slug { get; set; }

    public required string Name { get; set; }

    public string? Description { get; set; }

    /// <summary>Archived categories stay on old records but are not offered for new ones.</summary>
    public bool IsArchived { get; set; }
}
