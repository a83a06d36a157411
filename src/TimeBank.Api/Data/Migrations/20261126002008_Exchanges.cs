using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace TimeBank.Api.Data.Migrations
{
    /// <inheritdoc />
    public partial class Exchanges : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "Exchanges",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    CommunityId = table.Column<long>(type: "INTEGER", nullable: false),
                    ProviderMemberId = table.Column<long>(type: "INTEGER", nullable: false),
                    ReceiverMemberId = table.Column<long>(type: "INTEGER", nullable: false),
                    ProposedByMemberId = table.Column<long>(type: "INTEGER", nullable: false),
                    ListingId = table.Column<long>(type: "INTEGER", nullable: true),
                    Description = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    AgreedMinutes = table.Column<int>(type: "INTEGER", nullable: false),
                    ActualMinutes = table.Column<int>(type: "INTEGER", nullable: true),
                    Status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    HoldId = table.Column<long>(type: "INTEGER", nullable: true),
                    SettlementEntrySequence = table.Column<long>(type: "INTEGER", nullable: true),
                    CompletionNote = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    DisputeReason = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    CompletedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    SettledAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    ProviderRating = table.Column<int>(type: "INTEGER", nullable: true),
                    ProviderFeedback = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    ReceiverRating = table.Column<int>(type: "INTEGER", nullable: true),
                    ReceiverFeedback = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Exchanges", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Exchanges_Communities_CommunityId",
                        column: x => x.CommunityId,
                        principalTable: "Communities",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_Exchanges_Listings_ListingId",
                        column: x => x.ListingId,
                        principalTable: "Listings",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_Exchanges_Members_ProposedByMemberId",
                        column: x => x.ProposedByMemberId,
                        principalTable: "Members",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_Exchanges_Members_ProviderMemberId",
                        column: x => x.ProviderMemberId,
                        principalTable: "Members",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_Exchanges_Members_ReceiverMemberId",
                        column: x => x.ReceiverMemberId,
                        principalTable: "Members",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "ExchangeTransitions",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ExchangeId = table.Column<long>(type: "INTEGER", nullable: false),
                    FromStatus = table.Column<string>(type: "TEXT", maxLength: 16, nullable: true),
                    ToStatus = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Action = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    ActorUserId = table.Column<long>(type: "INTEGER", nullable: true),
                    PrincipalMemberId = table.Column<long>(type: "INTEGER", nullable: true),
                    Minutes = table.Column<int>(type: "INTEGER", nullable: true),
                    Note = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    At = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ExchangeTransitions", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ExchangeTransitions_Exchanges_ExchangeId",
                        column: x => x.ExchangeId,
                        principalTable: "Exchanges",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_ExchangeTransitions_Members_PrincipalMemberId",
                        column: x => x.PrincipalMemberId,
                        principalTable: "Members",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_ExchangeTransitions_Users_ActorUserId",
                        column: x => x.ActorUserId,
                        principalTable: "Users",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_ExchangeTransitions_ActorUserId",
                table: "ExchangeTransitions",
                column: "ActorUserId");

            migrationBuilder.CreateIndex(
                name: "IX_ExchangeTransitions_ExchangeId_Id",
                table: "ExchangeTransitions",
                columns: new[] { "ExchangeId", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_ExchangeTransitions_PrincipalMemberId",
                table: "ExchangeTransitions",
                column: "PrincipalMemberId");

            migrationBuilder.CreateIndex(
                name: "IX_Exchanges_CommunityId",
                table: "Exchanges",
                column: "CommunityId");

            migrationBuilder.CreateIndex(
                name: "IX_Exchanges_ListingId",
                table: "Exchanges",
                column: "ListingId");

            migrationBuilder.CreateIndex(
                name: "IX_Exchanges_ProposedByMemberId",
                table: "Exchanges",
                column: "ProposedByMemberId");

            migrationBuilder.CreateIndex(
                name: "IX_Exchanges_ProviderMemberId_CreatedAt_Id",
                table: "Exchanges",
                columns: new[] { "ProviderMemberId", "CreatedAt", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_Exchanges_ReceiverMemberId_CreatedAt_Id",
                table: "Exchanges",
                columns: new[] { "ReceiverMemberId", "CreatedAt", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_Exchanges_Status_CompletedAt",
                table: "Exchanges",
                columns: new[] { "Status", "CompletedAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ExchangeTransitions");

            migrationBuilder.DropTable(
                name: "Exchanges");
        }
    }
}
