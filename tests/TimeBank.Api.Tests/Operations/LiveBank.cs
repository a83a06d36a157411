using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace TimeBank.Api.Tests.Operations;

/// <summary>
/// A community on a running API process (<c>ApiProcess</c> started with the demo seeded), driven over HTTP as a client
/// would: the demo admin creates a community that allows recording, and pairs of members who record exchanges with
/// each other (each one a settle: one ledger transfer and its outbox event).
/// </summary>
internal sealed class LiveBank(HttpClient http)
{
    public const string DemoAdminEmail = "admin@demo.timebank.local";
    public const string DemoAdminPassword = "tb-admin-demo-2026";
    public const string Password = "correct horse battery";

    public sealed record Person(string Token, string MemberId);

    public sealed record Pair(Person A, Person B);

    /// <summary>The demo admin's community <paramref name="slug"/> with <paramref name="pairs"/> pairs of members.</summary>
    public async Task<Pair[]> SetUpAsync(string slug, int pairs)
    {
        var admin = await LoginAsync(DemoAdminEmail, DemoAdminPassword);
        var created = await MutateAsync("createCommunity", "CreateCommunityInput", "community { id }",
            new
            {
                slug,
                name = "Operations test bank",
                timeZone = "Europe/Lisbon",
                policy = new { joiningGrantMinutes = 600, floorMinutes = -60_000, ceilingMinutes = 60_000, allowsDirectRecording = true },
            }, admin);
        var communityId = (string)created["community"]!["id"]!;
        var result = new Pair[pairs];
        for (var i = 0; i < pairs; i++)
        {
            result[i] = new Pair(await JoinAsync(admin, communityId, $"{slug}-a{i}"), await JoinAsync(admin, communityId, $"{slug}-b{i}"));
        }
        return result;
    }

    /// <summary>Records one exchange between the pair (who receives alternates); returns the exchange's id once acknowledged.</summary>
    public async Task<string> RecordAsync(Pair pair, int iteration)
    {
        var (receiver, provider) = iteration % 2 == 0 ? (pair.A, pair.B) : (pair.B, pair.A);
        var payload = await MutateAsync("recordExchange", "RecordExchangeInput", "exchange { id status }",
            new
            {
                providerMemberId = provider.MemberId,
                minutes = 15,
                description = "operations test",
                idempotencyKey = "op-" + iteration.ToString(CultureInfo.InvariantCulture),
            }, receiver.Token);
        return (string?)payload["exchange"]?["status"] == "SETTLED"
            ? (string)payload["exchange"]!["id"]!
            : throw new InvalidOperationException(payload.ToJsonString());
    }

    public async Task<string> LoginAsync(string email, string password)
    {
        var response = await PostAsync("mutation($input: LoginInput!) { login(input: $input) { accessToken errors { code } } }",
            new { input = new { email, password } }, token: null);
        return (string?)response["data"]?["login"]?["accessToken"] ?? throw new InvalidOperationException(response.ToJsonString());
    }

    private async Task<Person> JoinAsync(string admin, string communityId, string name)
    {
        var registered = await PostAsync("mutation($input: RegisterInput!) { register(input: $input) { accessToken errors { code } } }",
            new { input = new { email = $"{name}@ops.test", password = Password } }, token: null);
        var token = (string?)registered["data"]?["register"]?["accessToken"] ?? throw new InvalidOperationException(registered.ToJsonString());
        var joined = await MutateAsync("joinCommunity", "JoinCommunityInput", "member { id }", new { communityId, displayName = name }, token);
        var memberId = (string)joined["member"]!["id"]!;
        await MutateAsync("approveMember", "ApproveMemberInput", "member { id }", new { memberId }, admin);
        return new Person(token, memberId);
    }

    /// <summary>Runs a mutation and returns its payload, failing on any error.</summary>
    public async Task<JsonNode> MutateAsync(string field, string inputType, string selection, object input, string token)
    {
        var response = await PostAsync($"mutation($input: {inputType}!) {{ {field}(input: $input) {{ {selection} errors {{ code message }} }} }}", new { input }, token);
        var payload = response["data"]?[field];
        return payload is null || payload["errors"]!.AsArray().Count > 0
            ? throw new InvalidOperationException($"{field}: {response.ToJsonString()}")
            : payload;
    }

    public async Task<JsonObject> PostAsync(string query, object? variables, string? token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/graphql") { Content = JsonContent.Create(new { query, variables }) };
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
        using var response = await http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        return JsonNode.Parse(body) as JsonObject ?? throw new InvalidOperationException($"{(int)response.StatusCode}: {body}");
    }
}
