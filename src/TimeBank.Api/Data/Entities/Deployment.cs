namespace TimeBank.Api.Data.Entities;

/// <summary>
/// The one row that identifies this deployment's database: written on first start, read ever after,
/// so a restart on the same data folder can be told apart from a fresh one.
/// </summary>
public sealed class Deployment
{
    public int Id { get; set; }

    public Guid InstanceId { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}
