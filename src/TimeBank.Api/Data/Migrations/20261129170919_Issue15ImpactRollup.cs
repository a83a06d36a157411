using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace TimeBank.Api.Data.Migrations
{
    /// <inheritdoc />
    public partial class Issue15ImpactRollup : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(TimeBank.Api.Data.ImpactRollupSql.Create);
            migrationBuilder.Sql(TimeBank.Api.Data.ImpactRollupSql.Backfill);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(TimeBank.Api.Data.ImpactRollupSql.Drop);
        }
    }
}
