using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using TimeBank.Api.Data.Configurations;
using TimeBank.Api.Data.Entities;
using TimeBank.Ledger;

namespace TimeBank.Api.Data;

/// <summary>The TimeBank database.</summary>
/// <remarks>
/// Register <see cref="LedgerImmutabilityInterceptor"/> on every instance (see DatabaseRegistration).
/// Add a migration after changing the model:
/// <c>dotnet ef migrations add NAME --project src/TimeBank.Api --output-dir Data/Migrations</c>
/// </remarks>
public sealed class TimeBankDbContext(DbContextOptions<TimeBankDbContext> options) : DbContext(options)
{
    public DbSet<Deployment> Deployments => Set<Deployment>();

    public DbSet<User> Users => Set<User>();

    public DbSet<RefreshToken> RefreshTokens => Set<RefreshToken>();

    public DbSet<Community> Communities => Set<Community>();

    public DbSet<CommunityPolicy> CommunityPolicies => Set<CommunityPolicy>();

    public DbSet<Category> Categories => Set<Category>();

    public DbSet<Member> Members => Set<Member>();

    public DbSet<MemberSkill> MemberSkills => Set<MemberSkill>();

    public DbSet<MembershipChange> MembershipChanges => Set<MembershipChange>();

    public DbSet<OutboxMessage> Outbox => Set<OutboxMessage>();

    public DbSet<OutboxMark> OutboxMarks => Set<OutboxMark>();

    public DbSet<Listing> Listings => Set<Listing>();

    public DbSet<Match> Matches => Set<Match>();
    public DbSet<Exchange> Exchanges => Set<Exchange>();

    public DbSet<ExchangeTransition> ExchangeTransitions => Set<ExchangeTransition>();

    public DbSet<GroupExchange> GroupExchanges => Set<GroupExchange>();

    public DbSet<AuditRecord> AuditRecords => Set<AuditRecord>();

    public DbSet<Challenge> Challenges => Set<Challenge>();

    public DbSet<ChallengeNeed> ChallengeNeeds => Set<ChallengeNeed>();

    public DbSet<ChallengeTransition> ChallengeTransitions => Set<ChallengeTransition>();

    public DbSet<ChallengePledge> ChallengePledges => Set<ChallengePledge>();

    public DbSet<ChallengeContribution> ChallengeContributions => Set<ChallengeContribution>();

    /// <summary>
    /// The application's prepared, query-only reads of this database, for a use case's hottest read where preparing its
    /// SQL through this context would cost more than the read. Reached through the application's services, which the
    /// registered factory gives every context.
    /// </summary>
    public PreparedReads PreparedReads => this.GetService<PreparedReads>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        // The ledger's tables live in this database so a ledger entry and the change that caused it
        // (an exchange settling, a member approved) commit in one transaction.
        modelBuilder.ApplyLedgerModel();
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(TimeBankDbContext).Assembly);
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        configurationBuilder.SkipUnwantedForeignKeyIndexes();
        configurationBuilder.Properties<DateTime>().HaveConversion<UtcDateTimeConverter>();
        // Enums read as words in the database, so an auditor's SQL needs no lookup table.
        configurationBuilder.Properties<MemberStatus>().HaveConversion<string>().HaveMaxLength(16);
        configurationBuilder.Properties<Visibility>().HaveConversion<string>().HaveMaxLength(16);
        configurationBuilder.Properties<ListingKind>().HaveConversion<string>().HaveMaxLength(16);
        configurationBuilder.Properties<ListingStatus>().HaveConversion<string>().HaveMaxLength(16);
        configurationBuilder.Properties<ExchangeStatus>().HaveConversion<string>().HaveMaxLength(16);
        configurationBuilder.Properties<ChallengeStatus>().HaveConversion<string>().HaveMaxLength(16);
    }
}
