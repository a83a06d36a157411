using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace TimeBank.Api.Data.Migrations
{
    /// <inheritdoc />
    public partial class Issue16WriterIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Exchanges_ProposedByMemberId",
                table: "Exchanges");

            migrationBuilder.DropIndex(
                name: "IX_ExchangeTransitions_ActorUserId",
                table: "ExchangeTransitions");

            migrationBuilder.DropIndex(
                name: "IX_ExchangeTransitions_PrincipalMemberId",
                table: "ExchangeTransitions");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_Exchanges_ProposedByMemberId",
                table: "Exchanges",
                column: "ProposedByMemberId");

            migrationBuilder.CreateIndex(
                name: "IX_ExchangeTransitions_ActorUserId",
                table: "ExchangeTransitions",
                column: "ActorUserId");

            migrationBuilder.CreateIndex(
                name: "IX_ExchangeTransitions_PrincipalMemberId",
                table: "ExchangeTransitions",
                column: "PrincipalMemberId");
        }
    }
}
