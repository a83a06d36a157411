using Microsoft.Data.Sqlite;
using TimeBank.Api.Tests.Infrastructure;

namespace TimeBank.Api.Tests.Features.Authorization;

/// <summary>
/// Two communities over the API: "riverside" (coordinator, maria, tom, an applicant and a suspended
/// member) and "hillside" (its own coordinator). Every wrong-person case runs against this state.
/// </summary>
public sealed class WrongPersonFixture : IAsyncLifetime
{
    public TimeBankApplication App { get; } = new();

    public TestCommunity Riverside { get; private set; } = null!;

    public TestCommunity Hillside { get; private set; } = null!;

    public string ApplicantId { get; private set; } = "";

    public string SuspendedId { get; private set; } = "";

    public string CategoryId { get; private set; } = "";

    public async Task InitializeAsync()
    {
        var admin = await App.RegisterAsync(TimeBankApplication.AdminEmail);
        Riverside = await TestCommunity.CreateAsync(App, admin, "riverside", "maria", "tom", "sam");
        Hillside = await TestCommunity.CreateAsync(App, admin, "hillside");
        var applicant = await App.RegisterAsync("applicant@test.local");
        ApplicantId = await TestCommunity.JoinAsync(App, applicant, Riverside.Id, "Applicant");
        SuspendedId = Riverside.People["sam"].MemberId;
        TestCommunity.Ok(await App.GraphQLAsync(
            "mutation($input: SuspendMemberInput!) { suspendMember(input: $input) { errors { code message } } }",
            new { input = new { memberId = SuspendedId } }, Riverside.People["coordinator"].Token), "suspendMember");
        await Riverside.SignInAgainAsync(App, "sam");
        var community = await App.GraphQLAsync(
            "query($slug: String!) { community(slug: $slug) { categories { id } } }", new { slug = "riverside" }, admin);
        CategoryId = (string)community["data"]!["community"]!["categories"]![0]!["id"]!;
    }

    /// <summary>Everything a wrong-person mutation might have touched, as one comparable string.</summary>
    public string Fingerprint()
    {
        using var connection = new SqliteConnection($"Data Source={Path.Combine(App.DataDirectory, "timebank.db")};Pooling=False;Mode=ReadOnly");
        connection.Open();
        var parts = new List<string>();
        foreach (var sql in new[]
        {
            "SELECT group_concat(Id || ':' || Status || ':' || Roles || ':' || DisplayName || ':' || ifnull(Bio,'') || ':' || ifnull(ErasedAt,''), '|') FROM Members",
            "SELECT COUNT(*) FROM MembershipChanges",
            "SELECT COUNT(*) FROM LedgerEntries",
            "SELECT COUNT(*) FROM LedgerAccounts",
            "SELECT group_concat(Id || ':' || Name || ':' || IsArchived, '|') FROM Categories",
            "SELECT COUNT(*) FROM CommunityPolicies",
            "SELECT group_concat(Slug || ':' || PolicyVersion, '|') FROM Communities",
            "SELECT group_concat(ifnull(Email,'') || ':' || ifnull(ErasedAt,''), '|') FROM Users",
        })
        {
            using var command = connection.CreateCommand();
            command.CommandText = sql;
            parts.Add(Convert.ToString(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture) ?? "");
        }
        return string.Join("\n", parts);
    }

    public async Task DisposeAsync() => await App.DisposeAsync();
}
