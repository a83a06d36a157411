using System.Text.Json.Nodes;
using TimeBank.Api.Tests.Infrastructure;

namespace TimeBank.Api.Tests.Features.Authorization;

/// <summary>Bad input of every kind gets a user error with a code and the input field's path, over HTTP.</summary>
public sealed class BadInputTests(WrongPersonFixture bank) : IClassFixture<WrongPersonFixture>
{
    private static readonly string[] InputCodes = ["INVALID_INPUT", "WEAK_PASSWORD"];

    public static TheoryData<string, string, string> RegisterCases => new()
    {
        { "", TimeBankApplication.Password, "input.email" },
        { "not-an-email", TimeBankApplication.Password, "input.email" },
        { new string('a', 10_000) + "@test.local", TimeBankApplication.Password, "input.email" },
        { "weak@test.local", "short", "input.password" },
        { "common@test.local", "password123", "input.password" },
    };

    [Theory]
    [MemberData(nameof(RegisterCases))]
    public async Task RegisterRefusesBadEmailsAndWeakPasswords(string email, string password, string path)
    {
        var before = bank.Fingerprint();

        var error = await FirstErrorAsync("register", "RegisterInput", new { email, password });

        Assert.Equal(path, string.Join('.', error["path"]!.AsArray().Select(p => (string?)p)));
        Assert.Contains((string?)error["code"], InputCodes);
        Assert.Equal(before, bank.Fingerprint());
    }

    [Fact]
    public async Task RegisterRefusesADuplicateEmail()
    {
        var error = await FirstErrorAsync("register", "RegisterInput", new { email = "MARIA.riverside@test.local", password = "another fine password" });

        Assert.Equal("EMAIL_TAKEN", (string?)error["code"]);
        Assert.Equal("input.email", string.Join('.', error["path"]!.AsArray().Select(p => (string?)p)));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("\u200B\u200B")]
    public async Task JoinRefusesAnEmptyOrInvisibleName(string displayName)
    {
        var token = await bank.App.RegisterAsync($"joiner{displayName.Length}{displayName.GetHashCode(StringComparison.Ordinal)}@test.local");
        var before = bank.Fingerprint();

        var error = await FirstErrorAsync("joinCommunity", "JoinCommunityInput", new { communityId = bank.Hillside.Id, displayName }, token);

        Assert.Equal("INVALID_INPUT", (string?)error["code"]);
        Assert.Equal("input.displayName", string.Join('.', error["path"]!.AsArray().Select(p => (string?)p)));
        Assert.Equal(before, bank.Fingerprint());
    }

    [Fact]
    public async Task JoinRefusesATenThousandCharacterName()
    {
        var token = await bank.App.RegisterAsync("longname@test.local");

        var error = await FirstErrorAsync("joinCommunity", "JoinCommunityInput", new { communityId = bank.Hillside.Id, displayName = new string('x', 10_000) }, token);

        Assert.Equal("INVALID_INPUT", (string?)error["code"]);
        Assert.Contains("80", (string?)error["message"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnIdOfAnotherTypeIsAValidationErrorNotACrash()
    {
        var token = await bank.App.RegisterAsync("wrongid@test.local");
        var memberIdAsCommunity = bank.Riverside.People["maria"].MemberId;

        var response = await bank.App.GraphQLAsync(
            "mutation($input: JoinCommunityInput!) { joinCommunity(input: $input) { errors { code } } }",
            new { input = new { communityId = memberIdAsCommunity, displayName = "X" } }, token);

        Assert.Null(response["data"]);
        Assert.Contains(response["errors"]!.AsArray(), e => (string?)e!["extensions"]?["code"] == "INVALID_ID");
    }

    [Fact]
    public async Task AnUnknownCommunityIsNotFound()
    {
        var token = await bank.App.RegisterAsync("lost@test.local");
        var unknown = TimeBank.GraphQL.Relay.GlobalId.Encode("Community", 999_999L);

        var error = await FirstErrorAsync("joinCommunity", "JoinCommunityInput", new { communityId = unknown, displayName = "Lost" }, token);

        Assert.Equal("NOT_FOUND", (string?)error["code"]);
        Assert.Equal("input.communityId", string.Join('.', error["path"]!.AsArray().Select(p => (string?)p)));
    }

    [Fact]
    public async Task AForgedTokenIsRefusedNotTakenForNoToken()
    {
        var parts = bank.Riverside.People["maria"].Token.Split('.');
        var forged = $"{parts[0]}.{parts[1]}.{parts[2][..^4]}AAAA";

        var response = await bank.App.GraphQLAsync(
            "mutation($input: LeaveCommunityInput!) { leaveCommunity(input: $input) { errors { code } } }",
            new { input = new { memberId = bank.Riverside.People["maria"].MemberId } }, forged);

        // Refused before anything runs (HTTP 401, see Security/TokenTests), so there is no payload.
        Assert.Null(response["data"]);
        Assert.Equal("UNAUTHENTICATED", (string?)response["errors"]?[0]?["extensions"]?["code"]);
    }

    [Fact]
    public async Task AnExpiredTokenIsRefusedNotTakenForNoToken()
    {
        await using var app = new TimeBankApplication();
        var token = await app.RegisterAsync("late@test.local");
        var fresh = await app.GraphQLAsync("{ me { email } }", token: token);
        app.Clock.Advance(TimeSpan.FromMinutes(16));
        var stale = await app.GraphQLAsync("{ me { email } }", token: token);

        var response = await app.GraphQLAsync(
            "mutation($input: JoinCommunityInput!) { joinCommunity(input: $input) { errors { code } } }",
            new { input = new { communityId = bank.Riverside.Id, displayName = "Late" } }, token);

        Assert.Equal("late@test.local", (string?)fresh["data"]?["me"]?["email"]);
        Assert.Equal("UNAUTHENTICATED", (string?)stale["errors"]?[0]?["extensions"]?["code"]);
        Assert.Equal("UNAUTHENTICATED", (string?)response["errors"]?[0]?["extensions"]?["code"]);
    }

    private async Task<JsonNode> FirstErrorAsync(string mutation, string inputType, object input, string? token = null)
    {
        var response = await bank.App.GraphQLAsync(
            $"mutation($input: {inputType}!) {{ {mutation}(input: $input) {{ errors {{ code message path }} }} }}", new { input }, token);
        var errors = response["data"]?[mutation]?["errors"]?.AsArray();
        Assert.True(errors is { Count: > 0 }, response.ToJsonString());
        return errors[0]!;
    }
}
