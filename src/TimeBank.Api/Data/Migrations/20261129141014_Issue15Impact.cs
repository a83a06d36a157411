using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace TimeBank.Api.Data.Migrations
{
    /// <inheritdoc />
    public partial class Issue15Impact : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_Exchanges_Impact_Provider",
                table: "Exchanges",
                columns: new[] { "ProviderMemberId", "SettledAt", "SettlementEntrySequence" },
                filter: "\"SettlementEntrySequence\" IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "IX_Exchanges_Impact_Receiver",
                table: "Exchanges",
                columns: new[] { "ReceiverMemberId", "SettledAt", "SettlementEntrySequence" },
                filter: "\"SettlementEntrySequence\" IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "IX_Exchanges_Impact_Settled",
                table: "Exchanges",
                columns: new[] { "CommunityId", "SettledAt", "ListingId", "ActualMinutes", "SettlementEntrySequence" },
                filter: "\"SettlementEntrySequence\" IS NOT NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Exchanges_Impact_Provider",
                table: "Exchanges");

            migrationBuilder.DropIndex(
                name: "IX_Exchanges_Impact_Receiver",
                table: "Exchanges");

            migrationBuilder.DropIndex(
                name: "IX_Exchanges_Impact_Settled",
                table: "Exchanges");
        }
    }
}
