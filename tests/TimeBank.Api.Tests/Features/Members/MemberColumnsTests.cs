using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TimeBank.Api.Data;
using TimeBank.Api.Data.Entities;
using TimeBank.Api.Features.Exchanges;
using TimeBank.Api.Features.Members;
using TimeBank.Api.Tests.Infrastructure;

namespace TimeBank.Api.Tests.Features.Members;

/// <summary>
/// A member and its skills read by a prepared statement (<see cref="MemberColumns"/>, what <c>me</c> reads) equal EF Core's
/// read of the same rows in every property: a column added to the entity but not to the reader fails here. The same for the
/// columns exchange steps read (<see cref="MemberColumns.Step"/>) against EF Core's <see cref="ExchangeAccess.StepColumns"/>.
/// </summary>
public sealed class MemberColumnsTests : IAsyncLifetime
{
    private readonly TimeBankApplication _app = new();
    private TestCommunity _community = null!;

    public async Task InitializeAsync()
    {
        var admin = await _app.RegisterAsync(TimeBankApplication.AdminEmail);
        _community = await TestCommunity.CreateAsync(_app, admin, "columns", "maria", "tom");
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task AMemberWithEveryColumnSetReadsAsEFCoreReadsIt()
    {
        await using (var scope = _app.Services.CreateAsyncScope())
        {
            // Every nullable column set, every visibility other than the default, erased and with a grant: nothing left at
            // a default that a reader forgetting the column would also produce.
            var db = scope.ServiceProvider.GetRequiredService<TimeBankDbContext>();
            var maria = await db.Members.SingleAsync(m => m.DisplayName == "maria");
            var category = await db.Categories.OrderBy(c => c.Id).FirstAsync();
            maria.Bio = "Piano and Portuguese";
            maria.Neighbourhood = "Riverside";
            maria.Availability = "Evenings";
            maria.BioVisibility = Visibility.Nobody;
            maria.NeighbourhoodVisibility = Visibility.Coordinators;
            maria.SkillsVisibility = Visibility.Nobody;
            maria.AvailabilityVisibility = Visibility.Coordinators;
            maria.Roles = MemberRoles.Member | MemberRoles.Coordinator;
            maria.ErasedAt = new DateTime(2026, 11, 27, 8, 30, 15, 123, DateTimeKind.Utc).AddTicks(4567);
            maria.Skills.Add(new MemberSkill { CategoryId = category.Id, Tag = "piano" });
            maria.Skills.Add(new MemberSkill { Tag = "portuguese" });
            await db.SaveChangesAsync();
        }

        await using var check = _app.Services.CreateAsyncScope();
        var context = check.ServiceProvider.GetRequiredService<TimeBankDbContext>();
        var expected = await context.Members.AsNoTracking().OrderBy(m => m.Id).ToListAsync();
        var expectedSkills = await context.MemberSkills.AsNoTracking().OrderBy(s => s.Id).ToListAsync();
        var reads = _app.Services.GetRequiredService<PreparedReads>();
        var read = expected.Select(m => reads.Read($"""SELECT {MemberColumns.Member("m")} FROM "Members" m WHERE m."Id" = @p0""",
            reader => Assert.IsType<Member>(reader.Read() ? MemberColumns.ReadMember(reader, 0) : null), m.Id)).ToList();
        var readSkills = expectedSkills.Select(s => reads.Read($"""SELECT {MemberColumns.Skill("s")} FROM "MemberSkills" s WHERE s."Id" = @p0""",
            reader => Assert.IsType<MemberSkill>(reader.Read() ? MemberColumns.ReadSkill(reader, 0) : null), s.Id)).ToList();

        Assert.Contains(expected, m => m.ErasedAt is not null && m.Bio is not null && m.JoiningGrantEntrySequence is not null);
        Assert.Contains(expectedSkills, s => s.CategoryId is null);
        foreach (var property in typeof(Member).GetProperties().Where(p => p.Name != nameof(Member.Skills)))
        {
            Assert.Equal(expected.Select(m => property.GetValue(m)), read.Select(m => property.GetValue(m)));
        }
        Assert.All(read, m => Assert.Equal(DateTimeKind.Utc, m.AppliedAt.Kind));
        foreach (var property in typeof(MemberSkill).GetProperties())
        {
            Assert.Equal(expectedSkills.Select(s => property.GetValue(s)), readSkills.Select(s => property.GetValue(s)));
        }
    }

    [Fact]
    public async Task AMembersStepColumnsReadAsEFCoreSelectsThem()
    {
        // An applicant (no account yet) and roles beyond a member's, so neither reads back as a default by chance.
        await TestCommunity.JoinAsync(_app, await _app.RegisterAsync("applicant@test.local"), _community.Id, "applicant");
        await using (var scope = _app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<TimeBankDbContext>();
            (await db.Members.SingleAsync(m => m.DisplayName == "tom")).Roles = MemberRoles.Member | MemberRoles.Auditor;
            await db.SaveChangesAsync();
        }

        await using var check = _app.Services.CreateAsyncScope();
        var context = check.ServiceProvider.GetRequiredService<TimeBankDbContext>();
        var expected = await context.Members.AsNoTracking().OrderBy(m => m.Id).Select(ExchangeAccess.StepColumns).ToListAsync();
        var reads = _app.Services.GetRequiredService<PreparedReads>();
        var read = expected.Select(m => reads.Read($"""SELECT {MemberColumns.Step("m")} FROM "Members" m WHERE m."Id" = @p0""",
            reader => Assert.IsType<Member>(reader.Read() ? MemberColumns.ReadStep(reader, 0) : null), m.Id)).ToList();

        Assert.Contains(expected, m => m.AccountId is null && m.Status == MemberStatus.Applied);
        Assert.Contains(expected, m => m.Roles.HasFlag(MemberRoles.Auditor));
        foreach (var property in typeof(Member).GetProperties().Where(p => p.Name != nameof(Member.Skills)))
        {
            Assert.Equal(expected.Select(m => property.GetValue(m)), read.Select(m => property.GetValue(m)));
        }
    }
}
