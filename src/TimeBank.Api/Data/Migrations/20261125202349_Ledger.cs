using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace TimeBank.Api.Data.Migrations
{
    /// <inheritdoc />
    public partial class Ledger : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "LedgerAccounts",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    LedgerGroup = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Code = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    FloorMinutes = table.Column<long>(type: "INTEGER", nullable: true),
                    CeilingMinutes = table.Column<long>(type: "INTEGER", nullable: true),
                    DebitsPostedMinutes = table.Column<long>(type: "INTEGER", nullable: false),
                    CreditsPostedMinutes = table.Column<long>(type: "INTEGER", nullable: false),
                    DebitsPendingMinutes = table.Column<long>(type: "INTEGER", nullable: false),
                    CreditsPendingMinutes = table.Column<long>(type: "INTEGER", nullable: false),
                    Version = table.Column<long>(type: "INTEGER", nullable: false),
                    OpenedAtUnixMs = table.Column<long>(type: "INTEGER", nullable: false),
                    ClosedAtUnixMs = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_LedgerAccounts", x => x.Id);
                    table.CheckConstraint("CK_LedgerAccounts_Totals", "\"DebitsPostedMinutes\" >= 0 AND \"CreditsPostedMinutes\" >= 0 AND \"DebitsPendingMinutes\" >= 0 AND \"CreditsPendingMinutes\" >= 0");
                });

            migrationBuilder.CreateTable(
                name: "LedgerOperations",
                columns: table => new
                {
                    IdempotencyKey = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    CommandType = table.Column<string>(type: "TEXT", maxLength: 50, nullable: false),
                    RequestHash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    EntrySequence = table.Column<long>(type: "INTEGER", nullable: true),
                    HoldId = table.Column<long>(type: "INTEGER", nullable: true),
                    AccountId = table.Column<long>(type: "INTEGER", nullable: true),
                    AffectedCount = table.Column<long>(type: "INTEGER", nullable: false),
                    RecordedAtUnixMs = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_LedgerOperations", x => x.IdempotencyKey);
                });

            migrationBuilder.CreateTable(
                name: "LedgerHolds",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    DebitAccountId = table.Column<long>(type: "INTEGER", nullable: false),
                    CreditAccountId = table.Column<long>(type: "INTEGER", nullable: false),
                    AmountMinutes = table.Column<long>(type: "INTEGER", nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    PlacedAtUnixMs = table.Column<long>(type: "INTEGER", nullable: false),
                    ExpiresAtUnixMs = table.Column<long>(type: "INTEGER", nullable: true),
                    ResolvedAtUnixMs = table.Column<long>(type: "INTEGER", nullable: true),
                    PostedMinutes = table.Column<long>(type: "INTEGER", nullable: true),
                    PostedEntrySequence = table.Column<long>(type: "INTEGER", nullable: true),
                    IdempotencyKey = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    ActorId = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    PrincipalId = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    CauseType = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    CauseId = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    Memo = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_LedgerHolds", x => x.Id);
                    table.CheckConstraint("CK_LedgerHolds_AmountMinutes", "\"AmountMinutes\" > 0");
                    table.ForeignKey(
                        name: "FK_LedgerHolds_LedgerAccounts_CreditAccountId",
                        column: x => x.CreditAccountId,
                        principalTable: "LedgerAccounts",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_LedgerHolds_LedgerAccounts_DebitAccountId",
                        column: x => x.DebitAccountId,
                        principalTable: "LedgerAccounts",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "LedgerEntries",
                columns: table => new
                {
                    Sequence = table.Column<long>(type: "INTEGER", nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    Memo = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    EffectiveAtUnixMs = table.Column<long>(type: "INTEGER", nullable: false),
                    RecordedAtUnixMs = table.Column<long>(type: "INTEGER", nullable: false),
                    ActorId = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    PrincipalId = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    PolicyVersion = table.Column<int>(type: "INTEGER", nullable: true),
                    IdempotencyKey = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    CauseType = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    CauseId = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    ReversesSequence = table.Column<long>(type: "INTEGER", nullable: true),
                    HoldId = table.Column<long>(type: "INTEGER", nullable: true),
                    Hash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_LedgerEntries", x => x.Sequence);
                    table.ForeignKey(
                        name: "FK_LedgerEntries_LedgerEntries_ReversesSequence",
                        column: x => x.ReversesSequence,
                        principalTable: "LedgerEntries",
                        principalColumn: "Sequence",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_LedgerEntries_LedgerHolds_HoldId",
                        column: x => x.HoldId,
                        principalTable: "LedgerHolds",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "LedgerPostings",
                columns: table => new
                {
                    EntrySequence = table.Column<long>(type: "INTEGER", nullable: false),
                    Index = table.Column<int>(type: "INTEGER", nullable: false),
                    AccountId = table.Column<long>(type: "INTEGER", nullable: false),
                    Side = table.Column<string>(type: "TEXT", maxLength: 10, nullable: false),
                    AmountMinutes = table.Column<long>(type: "INTEGER", nullable: false),
                    BalanceAfterMinutes = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_LedgerPostings", x => new { x.EntrySequence, x.Index });
                    table.CheckConstraint("CK_LedgerPostings_AmountMinutes", "\"AmountMinutes\" > 0");
                    table.ForeignKey(
                        name: "FK_LedgerPostings_LedgerAccounts_AccountId",
                        column: x => x.AccountId,
                        principalTable: "LedgerAccounts",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_LedgerPostings_LedgerEntries_EntrySequence",
                        column: x => x.EntrySequence,
                        principalTable: "LedgerEntries",
                        principalColumn: "Sequence",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_LedgerAccounts_LedgerGroup_Code",
                table: "LedgerAccounts",
                columns: new[] { "LedgerGroup", "Code" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_LedgerEntries_CauseType_CauseId",
                table: "LedgerEntries",
                columns: new[] { "CauseType", "CauseId" });

            migrationBuilder.CreateIndex(
                name: "IX_LedgerEntries_HoldId",
                table: "LedgerEntries",
                column: "HoldId");

            migrationBuilder.CreateIndex(
                name: "IX_LedgerEntries_IdempotencyKey",
                table: "LedgerEntries",
                column: "IdempotencyKey",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_LedgerEntries_RecordedAtUnixMs",
                table: "LedgerEntries",
                column: "RecordedAtUnixMs");

            migrationBuilder.CreateIndex(
                name: "IX_LedgerEntries_ReversesSequence",
                table: "LedgerEntries",
                column: "ReversesSequence",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_LedgerHolds_CreditAccountId",
                table: "LedgerHolds",
                column: "CreditAccountId");

            migrationBuilder.CreateIndex(
                name: "IX_LedgerHolds_DebitAccountId",
                table: "LedgerHolds",
                column: "DebitAccountId");

            migrationBuilder.CreateIndex(
                name: "IX_LedgerHolds_IdempotencyKey",
                table: "LedgerHolds",
                column: "IdempotencyKey",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_LedgerHolds_Status_ExpiresAtUnixMs",
                table: "LedgerHolds",
                columns: new[] { "Status", "ExpiresAtUnixMs" });

            migrationBuilder.CreateIndex(
                name: "IX_LedgerPostings_AccountId_EntrySequence",
                table: "LedgerPostings",
                columns: new[] { "AccountId", "EntrySequence" },
                unique: true);

            // Make SQLite itself refuse UPDATE and DELETE of entries and postings.
            migrationBuilder.Sql(TimeBank.Ledger.LedgerSql.SqliteTriggers);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(TimeBank.Ledger.LedgerSql.DropSqliteTriggers);

            migrationBuilder.DropTable(
                name: "LedgerOperations");

            migrationBuilder.DropTable(
                name: "LedgerPostings");

            migrationBuilder.DropTable(
                name: "LedgerEntries");

            migrationBuilder.DropTable(
                name: "LedgerHolds");

            migrationBuilder.DropTable(
                name: "LedgerAccounts");
        }
    }
}
