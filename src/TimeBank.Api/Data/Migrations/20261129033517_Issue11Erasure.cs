using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace TimeBank.Api.Data.Migrations
{
    /// <summary>
    /// Erasure (issue 11): ledger entries get hash format 2 (the chain commits to a salted digest of the memo,
    /// so memo and salt can be erased), the entries' update trigger allows exactly that erasure, and the listing
    /// search index deletes words for good (FTS5 secure-delete). Entries written before keep format 1.
    /// </summary>
    public partial class Issue11Erasure : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Every entry already written was hashed with its memo itself: format 1.
            migrationBuilder.AddColumn<int>(
                name: "HashFormat",
                table: "LedgerEntries",
                type: "INTEGER",
                nullable: false,
                defaultValue: 1);

            migrationBuilder.AddColumn<string>(
                name: "MemoDigest",
                table: "LedgerEntries",
                type: "TEXT",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "MemoSalt",
                table: "LedgerEntries",
                type: "TEXT",
                maxLength: 32,
                nullable: true);

            migrationBuilder.Sql(TimeBank.Ledger.LedgerSql.SqliteMemoErasure);
            migrationBuilder.Sql(TimeBank.Api.Data.ListingSearchSql.SecureDelete);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            // For development only: entries of format 2 cannot be verified by the code that predates them.
            migrationBuilder.Sql(TimeBank.Api.Data.ListingSearchSql.NoSecureDelete);
            migrationBuilder.Sql(TimeBank.Ledger.LedgerSql.DropSqliteMemoErasure);

            migrationBuilder.DropColumn(
                name: "HashFormat",
                table: "LedgerEntries");

            migrationBuilder.DropColumn(
                name: "MemoDigest",
                table: "LedgerEntries");

            migrationBuilder.DropColumn(
                name: "MemoSalt",
                table: "LedgerEntries");
        }
    }
}
