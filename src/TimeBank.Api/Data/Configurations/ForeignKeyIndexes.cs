using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore.Metadata.Conventions;
using Microsoft.EntityFrameworkCore.Metadata.Conventions.Infrastructure;

namespace TimeBank.Api.Data.Configurations;

/// <summary>
/// EF Core gives every foreign key an index of its own. The database needs one only to find the rows that refer to a
/// parent being deleted, or for a query that looks rows up by that key. Where neither can happen, the index is pure cost
/// on every insert: a scattered page for the settlement path's writer to change and write to the WAL (dropping three of
/// them took the settle benchmark from a median 1,083 to 1,202 recordings a second in alternating runs; docs/read-path.md).
/// </summary>
internal static class ForeignKeyIndexes
{
    private const string Unwanted = "TimeBank:NoForeignKeyIndex";

    /// <summary>
    /// Leaves the foreign key on <paramref name="property"/> without an index; call before the key is declared, and say
    /// at each use why: the parent rows are never deleted, and no query looks rows up by that key.
    /// </summary>
    public static void WithoutForeignKeyIndex<T>(this EntityTypeBuilder<T> builder, string property) where T : class =>
        builder.Property(property).HasAnnotation(Unwanted, true);

    /// <summary>EF Core's foreign-key index convention, less the keys marked by <see cref="WithoutForeignKeyIndex"/>.</summary>
    public static void SkipUnwantedForeignKeyIndexes(this ModelConfigurationBuilder configurationBuilder) =>
        configurationBuilder.Conventions.Replace<ForeignKeyIndexConvention>(services =>
            new SelectiveForeignKeyIndexConvention(services.GetRequiredService<ProviderConventionSetBuilderDependencies>()));

    private sealed class SelectiveForeignKeyIndexConvention(ProviderConventionSetBuilderDependencies dependencies)
        : ForeignKeyIndexConvention(dependencies)
    {
        protected override IConventionIndex? CreateIndex(
            IReadOnlyList<IConventionProperty> properties, bool unique, IConventionEntityTypeBuilder entityTypeBuilder) =>
            properties.Any(p => p.FindAnnotation(Unwanted)?.Value is true) ? null : base.CreateIndex(properties, unique, entityTypeBuilder);
    }
}
