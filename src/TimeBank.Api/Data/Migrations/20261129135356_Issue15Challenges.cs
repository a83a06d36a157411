using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace TimeBank.Api.Data.Migrations
{
    /// <inheritdoc />
    public partial class Issue15Challenges : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "Challenges",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    CommunityId = table.Column<long>(type: "INTEGER", nullable: false),
                    Title = table.Column<string>(type: "TEXT", maxLength: 120, nullable: false),
                    Description = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false),
                    Neighbourhood = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    Deadline = table.Column<DateTime>(type: "TEXT", nullable: true),
                    Status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    ProposedByMemberId = table.Column<long>(type: "INTEGER", nullable: false),
                    LeadMemberId = table.Column<long>(type: "INTEGER", nullable: false),
                    PoolAccountId = table.Column<long>(type: "INTEGER", nullable: true),
                    ClosingEntrySequence = table.Column<long>(type: "INTEGER", nullable: true),
                    DeclineReason = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    NeedsYouSentAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Challenges", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Challenges_Communities_CommunityId",
                        column: x => x.CommunityId,
                        principalTable: "Communities",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_Challenges_Members_LeadMemberId",
                        column: x => x.LeadMemberId,
                        principalTable: "Members",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_Challenges_Members_ProposedByMemberId",
                        column: x => x.ProposedByMemberId,
                        principalTable: "Members",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "ChallengeNeeds",
                columns: table => new
                {
                    ChallengeId = table.Column<long>(type: "INTEGER", nullable: false),
                    CategoryId = table.Column<long>(type: "INTEGER", nullable: false),
                    Minutes = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ChallengeNeeds", x => new { x.ChallengeId, x.CategoryId });
                    table.ForeignKey(
                        name: "FK_ChallengeNeeds_Categories_CategoryId",
                        column: x => x.CategoryId,
                        principalTable: "Categories",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_ChallengeNeeds_Challenges_ChallengeId",
                        column: x => x.ChallengeId,
                        principalTable: "Challenges",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "ChallengeTransitions",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ChallengeId = table.Column<long>(type: "INTEGER", nullable: false),
                    FromStatus = table.Column<string>(type: "TEXT", maxLength: 16, nullable: true),
                    ToStatus = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Action = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    ActorUserId = table.Column<long>(type: "INTEGER", nullable: true),
                    PrincipalMemberId = table.Column<long>(type: "INTEGER", nullable: true),
                    Note = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    At = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ChallengeTransitions", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ChallengeTransitions_Challenges_ChallengeId",
                        column: x => x.ChallengeId,
                        principalTable: "Challenges",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_ChallengeTransitions_Members_PrincipalMemberId",
                        column: x => x.PrincipalMemberId,
                        principalTable: "Members",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_ChallengeTransitions_Users_ActorUserId",
                        column: x => x.ActorUserId,
                        principalTable: "Users",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_ChallengeNeeds_CategoryId",
                table: "ChallengeNeeds",
                column: "CategoryId");

            migrationBuilder.CreateIndex(
                name: "IX_ChallengeTransitions_ActorUserId",
                table: "ChallengeTransitions",
                column: "ActorUserId");

            migrationBuilder.CreateIndex(
                name: "IX_ChallengeTransitions_ChallengeId_Id",
                table: "ChallengeTransitions",
                columns: new[] { "ChallengeId", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_ChallengeTransitions_PrincipalMemberId",
                table: "ChallengeTransitions",
                column: "PrincipalMemberId");

            migrationBuilder.CreateIndex(
                name: "IX_Challenges_CommunityId_Status_Id",
                table: "Challenges",
                columns: new[] { "CommunityId", "Status", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_Challenges_LeadMemberId",
                table: "Challenges",
                column: "LeadMemberId");

            migrationBuilder.CreateIndex(
                name: "IX_Challenges_PoolAccountId",
                table: "Challenges",
                column: "PoolAccountId",
                unique: true,
                filter: "\"PoolAccountId\" IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "IX_Challenges_ProposedByMemberId",
                table: "Challenges",
                column: "ProposedByMemberId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ChallengeNeeds");

            migrationBuilder.DropTable(
                name: "ChallengeTransitions");

            migrationBuilder.DropTable(
                name: "Challenges");
        }
    }
}
