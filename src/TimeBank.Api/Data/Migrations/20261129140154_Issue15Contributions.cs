using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace TimeBank.Api.Data.Migrations
{
    /// <inheritdoc />
    public partial class Issue15Contributions : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "ChallengeContributions",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ChallengeId = table.Column<long>(type: "INTEGER", nullable: false),
                    ContributorMemberId = table.Column<long>(type: "INTEGER", nullable: false),
                    CategoryId = table.Column<long>(type: "INTEGER", nullable: false),
                    Minutes = table.Column<int>(type: "INTEGER", nullable: false),
                    Note = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    Status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    DecisionReason = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    LoggedByUserId = table.Column<long>(type: "INTEGER", nullable: false),
                    RetryKey = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    DecidedByUserId = table.Column<long>(type: "INTEGER", nullable: true),
                    PaymentEntrySequence = table.Column<long>(type: "INTEGER", nullable: true),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    DecidedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ChallengeContributions", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ChallengeContributions_Categories_CategoryId",
                        column: x => x.CategoryId,
                        principalTable: "Categories",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_ChallengeContributions_Challenges_ChallengeId",
                        column: x => x.ChallengeId,
                        principalTable: "Challenges",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_ChallengeContributions_Members_ContributorMemberId",
                        column: x => x.ContributorMemberId,
                        principalTable: "Members",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_ChallengeContributions_Users_DecidedByUserId",
                        column: x => x.DecidedByUserId,
                        principalTable: "Users",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_ChallengeContributions_Users_LoggedByUserId",
                        column: x => x.LoggedByUserId,
                        principalTable: "Users",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "ChallengePledges",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ChallengeId = table.Column<long>(type: "INTEGER", nullable: false),
                    MemberId = table.Column<long>(type: "INTEGER", nullable: false),
                    CategoryId = table.Column<long>(type: "INTEGER", nullable: false),
                    Minutes = table.Column<int>(type: "INTEGER", nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    ChangedByUserId = table.Column<long>(type: "INTEGER", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ChallengePledges", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ChallengePledges_Categories_CategoryId",
                        column: x => x.CategoryId,
                        principalTable: "Categories",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_ChallengePledges_Challenges_ChallengeId",
                        column: x => x.ChallengeId,
                        principalTable: "Challenges",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_ChallengePledges_Members_MemberId",
                        column: x => x.MemberId,
                        principalTable: "Members",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_ChallengePledges_Users_ChangedByUserId",
                        column: x => x.ChangedByUserId,
                        principalTable: "Users",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_ChallengeContributions_CategoryId",
                table: "ChallengeContributions",
                column: "CategoryId");

            migrationBuilder.CreateIndex(
                name: "IX_ChallengeContributions_ChallengeId_Status_CategoryId_Minutes",
                table: "ChallengeContributions",
                columns: new[] { "ChallengeId", "Status", "CategoryId", "Minutes" });

            migrationBuilder.CreateIndex(
                name: "IX_ChallengeContributions_ChallengeId_Status_Id",
                table: "ChallengeContributions",
                columns: new[] { "ChallengeId", "Status", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_ChallengeContributions_ContributorMemberId",
                table: "ChallengeContributions",
                column: "ContributorMemberId");

            migrationBuilder.CreateIndex(
                name: "IX_ChallengeContributions_DecidedByUserId",
                table: "ChallengeContributions",
                column: "DecidedByUserId");

            migrationBuilder.CreateIndex(
                name: "IX_ChallengeContributions_LoggedByUserId_RetryKey",
                table: "ChallengeContributions",
                columns: new[] { "LoggedByUserId", "RetryKey" },
                unique: true,
                filter: "\"RetryKey\" IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "IX_ChallengeContributions_PaymentEntrySequence",
                table: "ChallengeContributions",
                column: "PaymentEntrySequence",
                unique: true,
                filter: "\"PaymentEntrySequence\" IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "IX_ChallengePledges_CategoryId",
                table: "ChallengePledges",
                column: "CategoryId");

            migrationBuilder.CreateIndex(
                name: "IX_ChallengePledges_ChallengeId_MemberId_CategoryId",
                table: "ChallengePledges",
                columns: new[] { "ChallengeId", "MemberId", "CategoryId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ChallengePledges_ChallengeId_Status_CategoryId",
                table: "ChallengePledges",
                columns: new[] { "ChallengeId", "Status", "CategoryId" });

            migrationBuilder.CreateIndex(
                name: "IX_ChallengePledges_ChangedByUserId",
                table: "ChallengePledges",
                column: "ChangedByUserId");

            migrationBuilder.CreateIndex(
                name: "IX_ChallengePledges_MemberId",
                table: "ChallengePledges",
                column: "MemberId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ChallengeContributions");

            migrationBuilder.DropTable(
                name: "ChallengePledges");
        }
    }
}
