using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace TimeBank.Api.Data.Migrations
{
    /// <inheritdoc />
    public partial class Matching : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "Matches",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    CommunityId = table.Column<long>(type: "INTEGER", nullable: false),
                    OfferListingId = table.Column<long>(type: "INTEGER", nullable: false),
                    RequestListingId = table.Column<long>(type: "INTEGER", nullable: false),
                    OfferUserId = table.Column<long>(type: "INTEGER", nullable: false),
                    RequestUserId = table.Column<long>(type: "INTEGER", nullable: false),
                    Score = table.Column<double>(type: "REAL", nullable: false),
                    Reasons = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    SharedTags = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    CommonWords = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    OfferDismissedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    RequestDismissedAt = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Matches", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Matches_Communities_CommunityId",
                        column: x => x.CommunityId,
                        principalTable: "Communities",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_Matches_Listings_OfferListingId",
                        column: x => x.OfferListingId,
                        principalTable: "Listings",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_Matches_Listings_RequestListingId",
                        column: x => x.RequestListingId,
                        principalTable: "Listings",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_Matches_Users_OfferUserId",
                        column: x => x.OfferUserId,
                        principalTable: "Users",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_Matches_Users_RequestUserId",
                        column: x => x.RequestUserId,
                        principalTable: "Users",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Listings_CommunityId_CategoryId_Kind_Status_CreatedAt",
                table: "Listings",
                columns: new[] { "CommunityId", "CategoryId", "Kind", "Status", "CreatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_Matches_CommunityId",
                table: "Matches",
                column: "CommunityId");

            migrationBuilder.CreateIndex(
                name: "IX_Matches_OfferListingId_RequestListingId",
                table: "Matches",
                columns: new[] { "OfferListingId", "RequestListingId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Matches_OfferUserId_CreatedAt_Id",
                table: "Matches",
                columns: new[] { "OfferUserId", "CreatedAt", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_Matches_RequestListingId",
                table: "Matches",
                column: "RequestListingId");

            migrationBuilder.CreateIndex(
                name: "IX_Matches_RequestUserId_CreatedAt_Id",
                table: "Matches",
                columns: new[] { "RequestUserId", "CreatedAt", "Id" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "Matches");

            migrationBuilder.DropIndex(
                name: "IX_Listings_CommunityId_CategoryId_Kind_Status_CreatedAt",
                table: "Listings");
        }
    }
}
