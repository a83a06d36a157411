using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TimeBank.Api.Data;
using TimeBank.Api.Tests.Infrastructure;

namespace TimeBank.Api.Tests.Features.Challenges.Pool;

/// <summary>
/// "riverside" (its coordinator, maria, tom, nina and audrey, its auditor, each with a 60-minute joining grant and the default floor of -600)
/// and "hillside" (its coordinator and hal), made over the API; each test seeds the challenges it needs.
/// </summary>
public sealed class PoolFixture : IAsyncLifetime
{
    public TimeBankApplication App { get; } = new();

    public string AdminToken { get; private set; } = "";

    public TestCommunity Riverside { get; private set; } = null!;

    public TestCommunity Hillside { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        AdminToken = await App.RegisterAsync(TimeBankApplication.AdminEmail);
        Riverside = await TestCommunity.CreateAsync(App, AdminToken, "riverside", "maria", "tom", "nina", "audrey");
        Hillside = await TestCommunity.CreateAsync(App, AdminToken, "hillside", "hal");
        TestCommunity.Ok(await App.GraphQLAsync(
            "mutation($input: SetMemberRolesInput!) { setMemberRoles(input: $input) { errors { code message } } }",
            new { input = new { memberId = Member("audrey"), coordinator = false, auditor = true } }, AdminToken), "setMemberRoles");
    }

    public string Token(string person) => person switch
    {
        "hal" => Hillside.People["hal"].Token,
        "other-coordinator" => Hillside.People["coordinator"].Token,
        _ => Riverside.People[person].Token,
    };

    public string Member(string person) => Riverside.People[person].MemberId;

    /// <summary>A fresh OPEN challenge of riverside led by <paramref name="lead"/>.</summary>
    public Task<string> OpenChallengeAsync(string lead = "maria") => ChallengeSeed.CreateAsync(App, Riverside.Id, Member(lead), [], poolMinutes: 0);

    /// <summary>A challenge maria proposes and the coordinator approves over the API: its pool is the one approval opened.</summary>
    public async Task<string> ApprovedChallengeAsync()
    {
        var community = await App.GraphQLAsync("query($slug: String!) { community(slug: $slug) { categories { id } } }", new { slug = "riverside" }, AdminToken);
        var proposed = await Riverside.OkAsync(App, "maria", "proposeChallenge", new
        {
            communityId = Riverside.Id,
            title = "Mend the footbridge",
            description = "Two weekends of carpentry.",
            needs = new[] { new { categoryId = (string)community["data"]!["community"]!["categories"]![0]!["id"]!, minutes = 120 } },
        }, "challenge { id }");
        var id = (string)proposed["challenge"]!["id"]!;
        await Riverside.OkAsync(App, "coordinator", "approveChallenge", new { challengeId = id });
        return id;
    }

    /// <summary>Runs a mutation as <paramref name="person"/> and returns its payload (gift fields and errors).</summary>
    public async Task<JsonNode> GiveAsync(string mutation, string person, object input)
    {
        var response = await App.GraphQLAsync(MutationDocument.For(mutation,
            "challenge { id poolBalanceMinutes } community { id } entrySequence minutes errors { code message path }"), new { input }, Token(person));
        return response["data"]?[mutation] ?? throw new InvalidOperationException(response.ToJsonString());
    }

    /// <summary>The payload's one error code; fails when there is none.</summary>
    public static string ErrorCode(JsonNode payload)
    {
        var errors = payload["errors"]!.AsArray();
        Assert.True(errors is [_], payload.ToJsonString());
        return (string)errors[0]!["code"]!;
    }

    /// <summary>Asserts the payload has no errors and returns its entry's sequence.</summary>
    public static long Ok(JsonNode payload)
    {
        Assert.True(payload["errors"]!.AsArray().Count == 0, payload.ToJsonString());
        return (long)payload["entrySequence"]!;
    }

    /// <summary>The challenge's pool as the holder of <paramref name="token"/> reads it through <c>node(id:)</c>; null when they may not see the challenge.</summary>
    public async Task<JsonNode?> ReadPoolAsync(string challengeId, string? token)
    {
        var response = await App.GraphQLAsync("""
            query($id: ID!) { node(id: $id) { ... on Challenge {
              pool { id kind balanceMinutes } poolBalanceMinutes poolBalanceHours
              donors(first: 10) { totalCount nodes { member { displayName } minutes hours } }
              poolEntries(first: 10) { totalCount nodes { kind minutes balanceAfterMinutes } }
            } } }
            """, new { id = challengeId }, token);
        Assert.True(response["errors"] is null, response.ToJsonString());
        return response["data"]!["node"];
    }

    /// <summary>A member's balance in minutes, as the ledger holds it.</summary>
    public async Task<long> BalanceAsync(string person)
    {
        await using var db = await Contexts().CreateDbContextAsync();
        var memberId = ChallengeSeed.Key(Member(person), "Member");
        var accountId = await db.Members.Where(m => m.Id == memberId).Select(m => m.AccountId!.Value).SingleAsync();
        return (await TimeBank.Ledger.Reads.AccountQueries.FindLedgerAccountAsync(db, accountId))!.BalanceMinutes;
    }

    public IDbContextFactory<TimeBankDbContext> Contexts() => App.Services.GetRequiredService<IDbContextFactory<TimeBankDbContext>>();

    public string Fingerprint() => DatabaseFingerprint.Of(App);

    public async Task DisposeAsync() => await App.DisposeAsync();
}
