using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace TimeBank.Api.Data.Migrations
{
    /// <inheritdoc />
    public partial class TimeBankModel : Migration
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
                name: "Outbox",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    EventId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Topic = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    PayloadJson = table.Column<string>(type: "TEXT", nullable: false),
                    Audience = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    DispatchedAt = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Outbox", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "Users",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Email = table.Column<string>(type: "TEXT", maxLength: 254, nullable: true),
                    PasswordHash = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    ExternalSubject = table.Column<string>(type: "TEXT", maxLength: 255, nullable: true),
                    IsAdmin = table.Column<bool>(type: "INTEGER", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    FailedLoginCount = table.Column<int>(type: "INTEGER", nullable: false),
                    LockedOutUntil = table.Column<DateTime>(type: "TEXT", nullable: true),
                    ErasedAt = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Users", x => x.Id);
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
                name: "LedgerLimitChanges",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    AccountId = table.Column<long>(type: "INTEGER", nullable: false),
                    EffectiveFromSequence = table.Column<long>(type: "INTEGER", nullable: false),
                    FloorMinutes = table.Column<long>(type: "INTEGER", nullable: true),
                    CeilingMinutes = table.Column<long>(type: "INTEGER", nullable: true),
                    RecordedAtUnixMs = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_LedgerLimitChanges", x => x.Id);
                    table.ForeignKey(
                        name: "FK_LedgerLimitChanges_LedgerAccounts_AccountId",
                        column: x => x.AccountId,
                        principalTable: "LedgerAccounts",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "Communities",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Slug = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 120, nullable: false),
                    TimeZone = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    CreatedByUserId = table.Column<long>(type: "INTEGER", nullable: false),
                    PolicyVersion = table.Column<int>(type: "INTEGER", nullable: false),
                    LedgerGroup = table.Column<string>(type: "TEXT", maxLength: 80, nullable: false),
                    FundAccountId = table.Column<long>(type: "INTEGER", nullable: false),
                    IssuanceAccountId = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Communities", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Communities_Users_CreatedByUserId",
                        column: x => x.CreatedByUserId,
                        principalTable: "Users",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "RefreshTokens",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    UserId = table.Column<long>(type: "INTEGER", nullable: false),
                    TokenHash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    FamilyId = table.Column<Guid>(type: "TEXT", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    ExpiresAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    RevokedAt = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_RefreshTokens", x => x.Id);
                    table.ForeignKey(
                        name: "FK_RefreshTokens_Users_UserId",
                        column: x => x.UserId,
                        principalTable: "Users",
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
                name: "Categories",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    CommunityId = table.Column<long>(type: "INTEGER", nullable: false),
                    Slug = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 80, nullable: false),
                    Description = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    IsArchived = table.Column<bool>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Categories", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Categories_Communities_CommunityId",
                        column: x => x.CommunityId,
                        principalTable: "Communities",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "CommunityPolicies",
                columns: table => new
                {
                    CommunityId = table.Column<long>(type: "INTEGER", nullable: false),
                    Version = table.Column<int>(type: "INTEGER", nullable: false),
                    FloorMinutes = table.Column<long>(type: "INTEGER", nullable: false),
                    CeilingMinutes = table.Column<long>(type: "INTEGER", nullable: false),
                    JoiningGrantMinutes = table.Column<long>(type: "INTEGER", nullable: false),
                    AutoAcknowledgeDays = table.Column<int>(type: "INTEGER", nullable: false),
                    RequiresApproval = table.Column<bool>(type: "INTEGER", nullable: false),
                    AllowsDirectRecording = table.Column<bool>(type: "INTEGER", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    CreatedByUserId = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CommunityPolicies", x => new { x.CommunityId, x.Version });
                    table.ForeignKey(
                        name: "FK_CommunityPolicies_Communities_CommunityId",
                        column: x => x.CommunityId,
                        principalTable: "Communities",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "Members",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    CommunityId = table.Column<long>(type: "INTEGER", nullable: false),
                    UserId = table.Column<long>(type: "INTEGER", nullable: false),
                    DisplayName = table.Column<string>(type: "TEXT", maxLength: 80, nullable: false),
                    Bio = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    Neighbourhood = table.Column<string>(type: "TEXT", maxLength: 80, nullable: true),
                    Availability = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    BioVisibility = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    NeighbourhoodVisibility = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    SkillsVisibility = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    AvailabilityVisibility = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Roles = table.Column<int>(type: "INTEGER", nullable: false),
                    AccountId = table.Column<long>(type: "INTEGER", nullable: true),
                    JoiningGrantEntrySequence = table.Column<long>(type: "INTEGER", nullable: true),
                    AppliedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    ErasedAt = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Members", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Members_Communities_CommunityId",
                        column: x => x.CommunityId,
                        principalTable: "Communities",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_Members_Users_UserId",
                        column: x => x.UserId,
                        principalTable: "Users",
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

            migrationBuilder.CreateTable(
                name: "Listings",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    CommunityId = table.Column<long>(type: "INTEGER", nullable: false),
                    OwnerMemberId = table.Column<long>(type: "INTEGER", nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Title = table.Column<string>(type: "TEXT", maxLength: 120, nullable: false),
                    Description = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false),
                    CategoryId = table.Column<long>(type: "INTEGER", nullable: false),
                    Tags = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    EstimatedMinutes = table.Column<int>(type: "INTEGER", nullable: true),
                    Neighbourhood = table.Column<string>(type: "TEXT", maxLength: 80, nullable: true),
                    ExpiresAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    ExpiryReminderSentAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    UpdatedByUserId = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Listings", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Listings_Categories_CategoryId",
                        column: x => x.CategoryId,
                        principalTable: "Categories",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_Listings_Communities_CommunityId",
                        column: x => x.CommunityId,
                        principalTable: "Communities",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_Listings_Members_OwnerMemberId",
                        column: x => x.OwnerMemberId,
                        principalTable: "Members",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_Listings_Users_UpdatedByUserId",
                        column: x => x.UpdatedByUserId,
                        principalTable: "Users",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "MemberSkills",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    MemberId = table.Column<long>(type: "INTEGER", nullable: false),
                    CategoryId = table.Column<long>(type: "INTEGER", nullable: true),
                    Tag = table.Column<string>(type: "TEXT", maxLength: 40, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_MemberSkills", x => x.Id);
                    table.ForeignKey(
                        name: "FK_MemberSkills_Categories_CategoryId",
                        column: x => x.CategoryId,
                        principalTable: "Categories",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_MemberSkills_Members_MemberId",
                        column: x => x.MemberId,
                        principalTable: "Members",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "MembershipChanges",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    MemberId = table.Column<long>(type: "INTEGER", nullable: false),
                    FromStatus = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    ToStatus = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Roles = table.Column<int>(type: "INTEGER", nullable: false),
                    ActorUserId = table.Column<long>(type: "INTEGER", nullable: false),
                    PrincipalMemberId = table.Column<long>(type: "INTEGER", nullable: false),
                    Reason = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    At = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_MembershipChanges", x => x.Id);
                    table.ForeignKey(
                        name: "FK_MembershipChanges_Members_MemberId",
                        column: x => x.MemberId,
                        principalTable: "Members",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_MembershipChanges_Users_ActorUserId",
                        column: x => x.ActorUserId,
                        principalTable: "Users",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

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
                name: "IX_Categories_CommunityId_Slug",
                table: "Categories",
                columns: new[] { "CommunityId", "Slug" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Communities_CreatedByUserId",
                table: "Communities",
                column: "CreatedByUserId");

            migrationBuilder.CreateIndex(
                name: "IX_Communities_Slug",
                table: "Communities",
                column: "Slug",
                unique: true);

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
                name: "IX_Exchanges_SettlementEntrySequence",
                table: "Exchanges",
                column: "SettlementEntrySequence",
                unique: true,
                filter: "\"SettlementEntrySequence\" IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "IX_Exchanges_Status_CompletedAt",
                table: "Exchanges",
                columns: new[] { "Status", "CompletedAt" });

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
                name: "IX_LedgerLimitChanges_AccountId_EffectiveFromSequence",
                table: "LedgerLimitChanges",
                columns: new[] { "AccountId", "EffectiveFromSequence" });

            migrationBuilder.CreateIndex(
                name: "IX_LedgerPostings_AccountId_EntrySequence",
                table: "LedgerPostings",
                columns: new[] { "AccountId", "EntrySequence" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Listings_CategoryId",
                table: "Listings",
                column: "CategoryId");

            migrationBuilder.CreateIndex(
                name: "IX_Listings_CommunityId_CategoryId_Kind_Status_CreatedAt",
                table: "Listings",
                columns: new[] { "CommunityId", "CategoryId", "Kind", "Status", "CreatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_Listings_CommunityId_CategoryId_Status",
                table: "Listings",
                columns: new[] { "CommunityId", "CategoryId", "Status" });

            migrationBuilder.CreateIndex(
                name: "IX_Listings_CommunityId_Status_CreatedAt_Id",
                table: "Listings",
                columns: new[] { "CommunityId", "Status", "CreatedAt", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_Listings_CommunityId_Status_ExpiresAt_Id",
                table: "Listings",
                columns: new[] { "CommunityId", "Status", "ExpiresAt", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_Listings_OwnerMemberId",
                table: "Listings",
                column: "OwnerMemberId");

            migrationBuilder.CreateIndex(
                name: "IX_Listings_UpdatedByUserId",
                table: "Listings",
                column: "UpdatedByUserId");

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

            migrationBuilder.CreateIndex(
                name: "IX_MemberSkills_CategoryId",
                table: "MemberSkills",
                column: "CategoryId");

            migrationBuilder.CreateIndex(
                name: "IX_MemberSkills_MemberId",
                table: "MemberSkills",
                column: "MemberId");

            migrationBuilder.CreateIndex(
                name: "IX_MemberSkills_Tag",
                table: "MemberSkills",
                column: "Tag");

            migrationBuilder.CreateIndex(
                name: "IX_Members_AccountId",
                table: "Members",
                column: "AccountId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Members_CommunityId_Status_DisplayName",
                table: "Members",
                columns: new[] { "CommunityId", "Status", "DisplayName" });

            migrationBuilder.CreateIndex(
                name: "IX_Members_CommunityId_UserId",
                table: "Members",
                columns: new[] { "CommunityId", "UserId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Members_UserId",
                table: "Members",
                column: "UserId");

            migrationBuilder.CreateIndex(
                name: "IX_MembershipChanges_ActorUserId",
                table: "MembershipChanges",
                column: "ActorUserId");

            migrationBuilder.CreateIndex(
                name: "IX_MembershipChanges_MemberId_At",
                table: "MembershipChanges",
                columns: new[] { "MemberId", "At" });

            migrationBuilder.CreateIndex(
                name: "IX_Outbox_DispatchedAt_Id",
                table: "Outbox",
                columns: new[] { "DispatchedAt", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_Outbox_EventId",
                table: "Outbox",
                column: "EventId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_RefreshTokens_FamilyId",
                table: "RefreshTokens",
                column: "FamilyId");

            migrationBuilder.CreateIndex(
                name: "IX_RefreshTokens_TokenHash",
                table: "RefreshTokens",
                column: "TokenHash",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_RefreshTokens_UserId",
                table: "RefreshTokens",
                column: "UserId");

            migrationBuilder.CreateIndex(
                name: "IX_Users_Email",
                table: "Users",
                column: "Email",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Users_ExternalSubject",
                table: "Users",
                column: "ExternalSubject",
                unique: true);

            // Make SQLite itself refuse UPDATE and DELETE of ledger entries and postings.
            migrationBuilder.Sql(TimeBank.Ledger.LedgerSql.SqliteTriggers);

            // The full-text index of listings and the triggers that keep it in step.
            migrationBuilder.Sql(TimeBank.Api.Data.ListingSearchSql.Create);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(TimeBank.Api.Data.ListingSearchSql.Drop);
            migrationBuilder.Sql(TimeBank.Ledger.LedgerSql.DropSqliteTriggers);

            migrationBuilder.DropTable(
                name: "CommunityPolicies");

            migrationBuilder.DropTable(
                name: "ExchangeTransitions");

            migrationBuilder.DropTable(
                name: "LedgerLimitChanges");

            migrationBuilder.DropTable(
                name: "LedgerOperations");

            migrationBuilder.DropTable(
                name: "LedgerPostings");

            migrationBuilder.DropTable(
                name: "Matches");

            migrationBuilder.DropTable(
                name: "MemberSkills");

            migrationBuilder.DropTable(
                name: "MembershipChanges");

            migrationBuilder.DropTable(
                name: "Outbox");

            migrationBuilder.DropTable(
                name: "RefreshTokens");

            migrationBuilder.DropTable(
                name: "Exchanges");

            migrationBuilder.DropTable(
                name: "LedgerEntries");

            migrationBuilder.DropTable(
                name: "Listings");

            migrationBuilder.DropTable(
                name: "LedgerHolds");

            migrationBuilder.DropTable(
                name: "Categories");

            migrationBuilder.DropTable(
                name: "Members");

            migrationBuilder.DropTable(
                name: "LedgerAccounts");

            migrationBuilder.DropTable(
                name: "Communities");

            migrationBuilder.DropTable(
                name: "Users");
        }
    }
}
