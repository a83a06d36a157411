using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using TimeBank.Api.Tests.Infrastructure;

namespace TimeBank.Api.Tests.Features.Listings;

/// <summary>
/// Two communities over the API: "riverside" (coordinator, maria, tom and sam, who is suspended; a
/// category and an archived one) and "hillside" (its own coordinator).
/// </summary>
public sealed class ListingsFixture : IAsyncLifetime
{
    public const string ListingFields = "id kind title description category { id name } tags estimatedMinutes neighbourhood expiresAt status createdAt owner { displayName }";

    public TimeBankApplication App { get; } = new();

    public string AdminToken { get; private set; } = "";

    public TestCommunity Riverside { get; private set; } = null!;

    public TestCommunity Hillside { get; private set; } = null!;

    public string CategoryId { get; private set; } = "";

    public string OtherCategoryId { get; private set; } = "";

    public string ArchivedCategoryId { get; private set; } = "";

    public string HillsideCategoryId { get; private set; } = "";

    public async Task InitializeAsync()
    {
        AdminToken = await App.RegisterAsync(TimeBankApplication.AdminEmail);
        Riverside = await TestCommunity.CreateAsync(App, AdminToken, "riverside", "maria", "tom", "sam");
        Hillside = await TestCommunity.CreateAsync(App, AdminToken, "hillside");
        TestCommunity.Ok(await App.GraphQLAsync(
            "mutation($input: SuspendMemberInput!) { suspendMember(input: $input) { errors { code message } } }",
            new { input = new { memberId = Riverside.People["sam"].MemberId } }, Riverside.People["coordinator"].Token), "suspendMember");
        await Riverside.SignInAgainAsync(App, "sam");
        var categories = await CategoryIdsAsync("riverside");
        (CategoryId, OtherCategoryId, ArchivedCategoryId) = (categories[0], categories[1], categories[2]);
        TestCommunity.Ok(await App.GraphQLAsync(
            "mutation($input: UpdateCategoryInput!) { updateCategory(input: $input) { errors { code message } } }",
            new { input = new { categoryId = ArchivedCategoryId, isArchived = true } }, AdminToken), "updateCategory");
        HillsideCategoryId = (await CategoryIdsAsync("hillside"))[0];
    }

    public string Token(string person) => Riverside.People[person].Token;

    /// <summary>Creates a listing in riverside as <paramref name="person"/> and returns it.</summary>
    public async Task<JsonNode> CreateAsync(string person, string title, string description = "", string kind = "OFFER", string[]? tags = null,
        string? categoryId = null, string? neighbourhood = null, string? expiresAt = null)
    {
        var response = await CreateRawAsync(Token(person), new
        {
            communityId = Riverside.Id,
            kind,
            title,
            description,
            categoryId = categoryId ?? CategoryId,
            tags = tags ?? [],
            neighbourhood,
            expiresAt,
        });
        return TestCommunity.Ok(response, "createListing")["listing"]!;
    }

    public Task<JsonObject> CreateRawAsync(string? token, object input) =>
        MutateAsync("createListing", token, input);

    /// <summary>Runs a listing mutation (updateListing, pauseListing, ...) and returns the whole response.</summary>
    public Task<JsonObject> MutateAsync(string mutation, string? token, object input)
        => App.GraphQLAsync(MutationDocument.For(mutation, $"listing {{ {ListingFields} }} errors {{ code message path }}"), new { input }, token);

    /// <summary>All listing rows as one comparable string, to show a refused mutation changed nothing.</summary>
    public string Fingerprint()
    {
        using var connection = new SqliteConnection($"Data Source={Path.Combine(App.DataDirectory, "timebank.db")};Pooling=False;Mode=ReadOnly");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT ifnull(group_concat(Id || ':' || Status || ':' || Title || ':' || Description || ':' || Tags || ':' || UpdatedAt || ':' || UpdatedByUserId, '|'), '') FROM Listings";
        return (string)command.ExecuteScalar()!;
    }

    /// <summary>Who made the last change to the listing with this title (a user id), read from the database.</summary>
    public long UpdatedByOfTitle(string title)
    {
        using var connection = new SqliteConnection($"Data Source={Path.Combine(App.DataDirectory, "timebank.db")};Pooling=False;Mode=ReadOnly");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT l.UpdatedByUserId FROM Listings l WHERE l.Title = $title";
        command.Parameters.AddWithValue("$title", title);
        return (long)command.ExecuteScalar()!;
    }

    public long UserIdOf(string email)
    {
        using var connection = new SqliteConnection($"Data Source={Path.Combine(App.DataDirectory, "timebank.db")};Pooling=False;Mode=ReadOnly");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT Id FROM Users WHERE Email = $email";
        command.Parameters.AddWithValue("$email", email);
        return (long)command.ExecuteScalar()!;
    }

    private async Task<List<string>> CategoryIdsAsync(string slug)
    {
        var community = await App.GraphQLAsync("query($slug: String!) { community(slug: $slug) { categories { id } } }", new { slug }, AdminToken);
        return community["data"]!["community"]!["categories"]!.AsArray().Select(c => (string)c!["id"]!).ToList();
    }

    public async Task DisposeAsync() => await App.DisposeAsync();
}
