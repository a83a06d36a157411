using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TimeBank.Api.Data;
using TimeBank.Api.Data.Entities;
using TimeBank.Api.Tests.Infrastructure;
using TimeBank.GraphQL.Relay;

namespace TimeBank.Api.Tests.Features.Audit;

/// <summary>
/// Two communities over the API for the audit trail's tests: "riverside" (its coordinator, maria and tom who exchange,
/// nina, audrey its auditor, sam) and "hillside" (its own coordinator and hal). Each test acts on things of its own, and
/// reads the records of those things straight from the database.
/// </summary>
public sealed class AuditTrailFixture : IAsyncLifetime
{
    public TimeBankApplication App { get; } = new();

    public string AdminToken { get; private set; } = "";

    public TestCommunity Riverside { get; private set; } = null!;

    public TestCommunity Hillside { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        AdminToken = await App.RegisterAsync(TimeBankApplication.AdminEmail);
        Riverside = await TestCommunity.CreateAsync(App, AdminToken, "riverside", "maria", "tom", "nina", "audrey", "sam");
        Hillside = await TestCommunity.CreateAsync(App, AdminToken, "hillside", "hal");
        await OkAsync("admin", "setMemberRoles", new { memberId = Member("audrey"), coordinator = false, auditor = true });
    }

    public string? Token(string person) => person switch
    {
        "" => null,
        "admin" => AdminToken,
        "other-coordinator" => Hillside.People["coordinator"].Token,
        "hal" => Hillside.People["hal"].Token,
        _ => Riverside.People[person].Token,
    };

    public string Member(string person) => person switch
    {
        "hal" => Hillside.People["hal"].MemberId,
        "other-coordinator" => Hillside.People["coordinator"].MemberId,
        _ => Riverside.People[person].MemberId,
    };

    public static long Key(string globalId, string type) =>
        GlobalId.TryDecode<long>(globalId, type, out var key) ? key : throw new ArgumentException($"not a {type} ID: {globalId}", nameof(globalId));

    public long MemberKey(string person) => Key(Member(person), "Member");

    /// <summary>Runs a mutation as <paramref name="person"/> and returns its payload (errors, and <paramref name="selection"/>).</summary>
    public async Task<JsonNode> MutateAsync(string person, string mutation, object input, string selection = "") =>
        (await App.GraphQLAsync(MutationDocument.For(mutation, selection + " errors { code message path }"), new { input }, Token(person)))["data"]![mutation]!;

    /// <summary>Runs a mutation that must succeed and returns its payload.</summary>
    public async Task<JsonNode> OkAsync(string person, string mutation, object input, string selection = "")
    {
        var payload = await MutateAsync(person, mutation, input, selection);
        Assert.True(payload["errors"]!.AsArray().Count == 0, payload.ToJsonString());
        return payload;
    }

    /// <summary>The first error code of a mutation's payload.</summary>
    public async Task<string?> ErrorCodeAsync(string person, string mutation, object input) =>
        (string?)(await MutateAsync(person, mutation, input))["errors"]!.AsArray().FirstOrDefault()?["code"];

    /// <summary>A new user applies to riverside; returns the member's ID.</summary>
    public async Task<string> ApplicantAsync(string name) =>
        await TestCommunity.JoinAsync(App, await App.RegisterAsync($"{name}@test.local"), Riverside.Id, name);

    /// <summary>A new member of riverside, approved; returns the member's ID.</summary>
    public async Task<string> NewMemberAsync(string name)
    {
        var id = await ApplicantAsync(name);
        await OkAsync("coordinator", "approveMember", new { memberId = id });
        return id;
    }

    /// <summary>Every audit record about one thing, oldest first.</summary>
    public async Task<List<AuditRecord>> RecordsAsync(string subjectType, long subjectId)
    {
        await using var db = await CreateDbContextAsync();
        return await db.AuditRecords.AsNoTracking().Where(r => r.SubjectType == subjectType && r.SubjectId == subjectId).OrderBy(r => r.Id).ToListAsync();
    }

    public async Task<int> CountAllAsync()
    {
        await using var db = await CreateDbContextAsync();
        return await db.AuditRecords.CountAsync();
    }

    /// <summary>The user id behind a person's membership.</summary>
    public async Task<long> UserIdAsync(string person)
    {
        if (person == "admin")
        {
            await using var context = await CreateDbContextAsync();
            return await context.Users.Where(u => u.Email == TimeBankApplication.AdminEmail).Select(u => u.Id).SingleAsync();
        }
        var memberId = Key(Member(person), "Member");
        await using var db = await CreateDbContextAsync();
        return await db.Members.Where(m => m.Id == memberId).Select(m => m.UserId).SingleAsync();
    }

    public Task<TimeBankDbContext> CreateDbContextAsync() =>
        App.Services.GetRequiredService<IDbContextFactory<TimeBankDbContext>>().CreateDbContextAsync();

    public async Task DisposeAsync() => await App.DisposeAsync();
}
