using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TimeBank.Api.Data;
using TimeBank.Api.Tests.Security;

namespace TimeBank.Api.Tests.Features.Challenges;

/// <summary>A coordinator turns the community's unanswered requests of some categories into a proposed challenge.</summary>
public sealed class CreateChallengeFromNeedsTests(SecurityBank bank) : IClassFixture<SecurityBank>
{
    [Fact]
    public async Task TheNeedOfEachCategoryIsTheEstimatedMinutesOfItsUnansweredRequests()
    {
        await bank.ListingAsync("tom", "REQUEST", "fix my gate");
        await bank.ListingAsync("maria", "REQUEST", "paint my fence");

        var challenge = await ChallengeDriver.OkAsync(bank, "createChallengeFromNeeds", "coordinator", new
        {
            communityId = bank.Riverside.Id,
            categoryIds = new[] { bank.CategoryId },
            title = "Fences and gates",
            unansweredForDays = 0,
        });

        Assert.Equal(("PROPOSED", "coordinator", 120), ((string?)challenge["status"], (string?)challenge["lead"]!["displayName"], (int)challenge["neededMinutes"]!));
        Assert.Equal("create-from-needs", (string?)challenge["timeline"]!["nodes"]![0]!["action"]);
        await using var db = await bank.App.Services.GetRequiredService<IDbContextFactory<TimeBankDbContext>>().CreateDbContextAsync();
        Assert.True(await db.AuditRecords.AnyAsync(r => r.Action == "challenge.from-needs"));
    }

    [Fact]
    public async Task ACategoryWithoutUnansweredRequestsIsRefusedAndNothingChanges()
    {
        var community = await bank.App.GraphQLAsync("{ community(slug: \"riverside\") { categories { id } } }", token: bank.AdminToken);
        var empty = (string)community["data"]!["community"]!["categories"]![1]!["id"]!;
        var before = bank.Fingerprint();

        var response = await ChallengeDriver.MutateAsync(bank, "createChallengeFromNeeds", "coordinator", new
        {
            communityId = bank.Riverside.Id,
            categoryIds = new[] { empty },
            title = "Nothing asked",
            unansweredForDays = 0,
        });

        Assert.Equal("NO_UNANSWERED_REQUESTS", ChallengeDriver.ErrorCode(response, "createChallengeFromNeeds"));
        Assert.Equal(before, bank.Fingerprint());
    }

    [Fact]
    public async Task ARequestNewerThanTheDaysGivenIsNotYetUnanswered()
    {
        await bank.ListingAsync("nina", "REQUEST", "walk my dog");
        var before = bank.Fingerprint();

        var response = await ChallengeDriver.MutateAsync(bank, "createChallengeFromNeeds", "coordinator", new
        {
            communityId = bank.Riverside.Id,
            categoryIds = new[] { bank.CategoryId },
            title = "Too soon",
        });

        Assert.Equal("NO_UNANSWERED_REQUESTS", ChallengeDriver.ErrorCode(response, "createChallengeFromNeeds"));
        Assert.Equal(before, bank.Fingerprint());
    }
}
