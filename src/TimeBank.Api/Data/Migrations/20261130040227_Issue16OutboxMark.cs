using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace TimeBank.Api.Data.Migrations
{
    /// <inheritdoc />
    public partial class Issue16OutboxMark : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "OutboxMarks",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false),
                    DispatchedThroughId = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_OutboxMarks", x => x.Id);
                });

            migrationBuilder.InsertData(
                table: "OutboxMarks",
                columns: new[] { "Id", "DispatchedThroughId" },
                values: new object[] { 1, 0L });

            // Where the per-event marks said delivery had got to, as the dispatcher used to find it at start: just before
            // the oldest event never marked, or the newest event when all were.
            migrationBuilder.Sql("""
                UPDATE "OutboxMarks" SET "DispatchedThroughId" = COALESCE(
                    (SELECT MIN("Id") FROM "Outbox" WHERE "DispatchedAt" IS NULL) - 1,
                    (SELECT MAX("Id") FROM "Outbox"),
                    0)
                WHERE "Id" = 1;
                """);

            migrationBuilder.DropIndex(
                name: "IX_Outbox_DispatchedAt_Id",
                table: "Outbox");

            // SQLite's own DROP COLUMN (3.35 on), in the migration's transaction: EF Core's DropColumn rebuilds the
            // table with foreign keys switched off, which cannot run inside one.
            migrationBuilder.Sql("""ALTER TABLE "Outbox" DROP COLUMN "DispatchedAt";""");

            migrationBuilder.CreateIndex(
                name: "IX_Outbox_CreatedAt",
                table: "Outbox",
                column: "CreatedAt");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Outbox_CreatedAt",
                table: "Outbox");

            migrationBuilder.AddColumn<DateTime>(
                name: "DispatchedAt",
                table: "Outbox",
                type: "TEXT",
                nullable: true);

            migrationBuilder.Sql("""
                UPDATE "Outbox" SET "DispatchedAt" = "CreatedAt"
                WHERE "Id" <= (SELECT "DispatchedThroughId" FROM "OutboxMarks" WHERE "Id" = 1);
                """);

            migrationBuilder.DropTable(
                name: "OutboxMarks");

            migrationBuilder.CreateIndex(
                name: "IX_Outbox_DispatchedAt_Id",
                table: "Outbox",
                columns: new[] { "DispatchedAt", "Id" });
        }
    }
}
