using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace TimeBank.Api.Data.Migrations
{
    /// <inheritdoc />
    public partial class Issue15GroupExchanges : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "GroupExchanges",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    CommunityId = table.Column<long>(type: "INTEGER", nullable: false),
                    ProviderMemberId = table.Column<long>(type: "INTEGER", nullable: false),
                    ProposedByUserId = table.Column<long>(type: "INTEGER", nullable: false),
                    ClientKey = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    ListingId = table.Column<long>(type: "INTEGER", nullable: true),
                    Description = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    CompletedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    CompletedByUserId = table.Column<long>(type: "INTEGER", nullable: true),
                    CompletionNote = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_GroupExchanges", x => x.Id);
                    table.ForeignKey(
                        name: "FK_GroupExchanges_Communities_CommunityId",
                        column: x => x.CommunityId,
                        principalTable: "Communities",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_GroupExchanges_Listings_ListingId",
                        column: x => x.ListingId,
                        principalTable: "Listings",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_GroupExchanges_Members_ProviderMemberId",
                        column: x => x.ProviderMemberId,
                        principalTable: "Members",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_GroupExchanges_Users_ProposedByUserId",
                        column: x => x.ProposedByUserId,
                        principalTable: "Users",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            // SQLite adds a column with its foreign key in place; EF Core would rebuild the whole Exchanges table.
            migrationBuilder.Sql(GroupExchangeSql.AddShareLink);

            migrationBuilder.CreateIndex(
                name: "IX_Exchanges_GroupExchangeId",
                table: "Exchanges",
                column: "GroupExchangeId");

            migrationBuilder.CreateIndex(
                name: "IX_GroupExchanges_CommunityId",
                table: "GroupExchanges",
                column: "CommunityId");

            migrationBuilder.CreateIndex(
                name: "IX_GroupExchanges_ListingId",
                table: "GroupExchanges",
                column: "ListingId");

            migrationBuilder.CreateIndex(
                name: "IX_GroupExchanges_ProposedByUserId_ClientKey",
                table: "GroupExchanges",
                columns: new[] { "ProposedByUserId", "ClientKey" },
                unique: true,
                filter: "\"ClientKey\" IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "IX_GroupExchanges_ProviderMemberId_CreatedAt_Id",
                table: "GroupExchanges",
                columns: new[] { "ProviderMemberId", "CreatedAt", "Id" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "GroupExchanges");

            migrationBuilder.DropIndex(
                name: "IX_Exchanges_GroupExchangeId",
                table: "Exchanges");

            migrationBuilder.DropColumn(
                name: "GroupExchangeId",
                table: "Exchanges");
        }
    }
}
