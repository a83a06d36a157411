using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace TimeBank.Api.Data.Migrations
{
    /// <summary>
    /// The community chain (issue 14): one hash chain per ledger group over entries, accounts opened, limit changes and
    /// period closes; period closes with their balances; all immutable by triggers, and the operations table (the
    /// idempotency records) can no longer lose a row. The links of existing records are written after migrating, by
    /// <c>LedgerChainBackfill</c> (a migration cannot hash).
    /// </summary>
    public partial class Issue14Chain : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "PeriodCloseId",
                table: "LedgerOperations",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "LedgerChainLinks",
                columns: table => new
                {
                    LedgerGroup = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Position = table.Column<long>(type: "INTEGER", nullable: false),
                    RecordType = table.Column<string>(type: "TEXT", maxLength: 10, nullable: false),
                    RecordId = table.Column<long>(type: "INTEGER", nullable: false),
                    PreviousHash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Hash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    RecordedAtUnixMs = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_LedgerChainLinks", x => new { x.LedgerGroup, x.Position });
                });

            migrationBuilder.CreateTable(
                name: "LedgerPeriodCloses",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    LedgerGroup = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    EndsAtUnixMs = table.Column<long>(type: "INTEGER", nullable: false),
                    LastSequence = table.Column<long>(type: "INTEGER", nullable: false),
                    BalancesDigest = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    ChainHeadHash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    RecordedAtUnixMs = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_LedgerPeriodCloses", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "LedgerPeriodBalances",
                columns: table => new
                {
                    CloseId = table.Column<long>(type: "INTEGER", nullable: false),
                    AccountId = table.Column<long>(type: "INTEGER", nullable: false),
                    BalanceMinutes = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_LedgerPeriodBalances", x => new { x.CloseId, x.AccountId });
                    table.ForeignKey(
                        name: "FK_LedgerPeriodBalances_LedgerAccounts_AccountId",
                        column: x => x.AccountId,
                        principalTable: "LedgerAccounts",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_LedgerPeriodBalances_LedgerPeriodCloses_CloseId",
                        column: x => x.CloseId,
                        principalTable: "LedgerPeriodCloses",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_LedgerChainLinks_RecordType_RecordId",
                table: "LedgerChainLinks",
                columns: new[] { "RecordType", "RecordId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_LedgerPeriodBalances_AccountId",
                table: "LedgerPeriodBalances",
                column: "AccountId");

            migrationBuilder.CreateIndex(
                name: "IX_LedgerPeriodCloses_LedgerGroup_EndsAtUnixMs",
                table: "LedgerPeriodCloses",
                columns: new[] { "LedgerGroup", "EndsAtUnixMs" },
                unique: true);

            migrationBuilder.Sql(TimeBank.Ledger.LedgerSql.SqliteChainTriggers);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(TimeBank.Ledger.LedgerSql.DropSqliteChainTriggers);

            migrationBuilder.DropTable(
                name: "LedgerChainLinks");

            migrationBuilder.DropTable(
                name: "LedgerPeriodBalances");

            migrationBuilder.DropTable(
                name: "LedgerPeriodCloses");

            migrationBuilder.DropColumn(
                name: "PeriodCloseId",
                table: "LedgerOperations");
        }
    }
}
