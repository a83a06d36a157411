using Microsoft.EntityFrameworkCore;

namespace TimeBank.Api.Data;

/// <summary>The TimeBank database.</summary>
/// <remarks>
/// Add a migration after changing the model:
/// <c>dotnet ef migrations add NAME --project src/TimeBank.Api --output-dir Data/Migrations</c>
/// </remarks>
public sealed class TimeBankDbContext(DbContextOptions<TimeBankDbContext> options) : DbContext(options)
{
    public DbSet<Deployment> Deployments => Set<Deployment>();

    protected override void OnModelCreating(ModelBuilder modelBuilder) =>
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(TimeBankDbContext).Assembly);
}
