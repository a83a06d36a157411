using TimeBank.Api.Tests.Infrastructure;

namespace TimeBank.Api.Tests.Security;

/// <summary>
/// The "part of" text filters (member name and neighbourhood, listing neighbourhood) are LIKE patterns in SQL:
/// <c>%</c>, <c>_</c> and the escape character itself must match themselves, not stand for other characters.
/// </summary>
public sealed class FilterWildcardTests(FilterWildcardTests.Bank bank) : IClassFixture<FilterWildcardTests.Bank>
{
    [Theory]
    [InlineData("n_l", "ann_lee")]
    [InlineData("%", "100% sure")]
    [InlineData("0%", "100% sure")]
    [InlineData("\\", "back\\slash")]
    [InlineData("_", "ann_lee")]
    public async Task MemberNamesMatchWildcardsLiterally(string part, string only)
    {
        var names = await bank.MemberNamesAsync(new { name = part });

        Assert.Equal([only], names);
    }

    [Theory]
    [InlineData("h_s", "North_Side")]
    [InlineData("%", "50% Street")]
    public async Task NeighbourhoodsMatchWildcardsLiterally(string part, string only)
    {
        var members = await bank.MemberNeighbourhoodsAsync(part);
        var listings = await bank.ListingNeighbourhoodsAsync(part);

        Assert.Equal([only], members);
        Assert.Equal([only], listings);
    }

    /// <summary>A community whose members' names and neighbourhoods hold wildcards, and lookalikes that hold other characters there.</summary>
    public sealed class Bank : IAsyncLifetime
    {
        private static readonly (string Name, string Neighbourhood)[] People =
        [
            ("ann_lee", "North_Side"), ("annxlee", "NorthXSide"), ("100% sure", "50% Street"), ("1000 sure", "500 Street"), ("back\\slash", "Elsewhere"),
        ];

        private TestCommunity _community = null!;

        public TimeBankApplication App { get; } = new();

        public async Task InitializeAsync()
        {
            var admin = await App.RegisterAsync(TimeBankApplication.AdminEmail);
            _community = await TestCommunity.CreateAsync(App, admin, "riverside", [.. People.Select((_, i) => "person" + i)]);
            var categories = await App.GraphQLAsync("query { community(slug: \"riverside\") { categories { id } } }", token: admin);
            var categoryId = (string)categories["data"]!["community"]!["categories"]![0]!["id"]!;
            for (var i = 0; i < People.Length; i++)
            {
                var (token, memberId) = _community.People["person" + i];
                var (name, neighbourhood) = People[i];
                TestCommunity.Ok(await App.GraphQLAsync(
                    "mutation($input: UpdateProfileInput!) { updateProfile(input: $input) { errors { code message } } }",
                    new { input = new { memberId, displayName = name, neighbourhood } }, token), "updateProfile");
                TestCommunity.Ok(await App.GraphQLAsync(
                    "mutation($input: CreateListingInput!) { createListing(input: $input) { errors { code message } } }",
                    new { input = new { communityId = _community.Id, kind = "OFFER", title = "Help from " + name, categoryId, neighbourhood } }, token), "createListing");
            }
        }

        public async Task<List<string>> MemberNamesAsync(object filter) =>
            await ListAsync("query($c: ID!, $f: MemberFilter) { list: members(communityId: $c, filter: $f, first: 100) { nodes { value: displayName } } }", filter);

        public async Task<List<string>> MemberNeighbourhoodsAsync(string part) =>
            await ListAsync("query($c: ID!, $f: MemberFilter) { list: members(communityId: $c, filter: $f, first: 100) { nodes { value: neighbourhood } } }", new { neighbourhood = part });

        public async Task<List<string>> ListingNeighbourhoodsAsync(string part) =>
            await ListAsync("query($c: ID!, $f: ListingFilter) { list: listings(communityId: $c, filter: $f, first: 100) { nodes { value: neighbourhood } } }", new { neighbourhood = part });

        private async Task<List<string>> ListAsync(string query, object filter)
        {
            var response = await App.GraphQLAsync(query, new { c = _community.Id, f = filter }, _community.People["coordinator"].Token);
            var nodes = response["data"]?["list"]?["nodes"]?.AsArray() ?? throw new InvalidOperationException(response.ToJsonString());
            return [.. nodes.Select(n => (string)n!["value"]!)];
        }

        public async Task DisposeAsync() => await App.DisposeAsync();
    }
}
