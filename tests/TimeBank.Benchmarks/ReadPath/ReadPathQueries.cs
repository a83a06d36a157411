using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using TimeBank.Benchmarks.Exchanges;

namespace TimeBank.Benchmarks.ReadPath;

/// <summary>One request the benchmark times: where it goes, its body, whether maria's token rides along, and what a right answer holds.</summary>
internal sealed record ReadCase(string Name, string Label, string Path, string Body, bool WithToken, Func<JsonNode, bool> IsRight);

/// <summary>
/// The reads a member app makes on every screen, as maria (demo seed) makes them, and the demo data they need: the
/// demo alone gives maria a handful of ledger lines, so the set-up records 60 exchanges between her and Tom (untimed)
/// to fill a 50-line statement page and a 20-item page of exchanges.
/// </summary>
internal static class ReadPathQueries
{
    public const string Anonymous = "typename-anonymous";
    public const string Plain = "plain";
    public const string MariaEmail = "maria@demo.timebank.local";
    private const string TomEmail = "tom@demo.timebank.local";
    private const int RecordedExchanges = 60;

    private const string Balance = "me { memberships { account { balanceMinutes availableMinutes } } }";
    private const string Statement20 = "statement(first: 20) { nodes { entrySequence kind minutes balanceAfterMinutes } }";

    /// <summary>The IDs the cases name, found through the API as a client finds them.</summary>
    public sealed record DemoIds(string CommunityId, string MariaMemberId, string TomMemberId);

    /// <summary>Demo passwords follow from the email (DemoSeeder prints them at start).</summary>
    public static string PasswordOf(string email) => "tb-" + email.Split('@')[0] + "-demo-2026";

    public static async Task<string> LoginAsync(HttpClient http, string email)
    {
        var response = await ApiServer.PostAsync(http, "mutation($input: LoginInput!) { login(input: $input) { accessToken errors { code message } } }",
            new { input = new { email, password = PasswordOf(email) } }, token: null);
        return (string?)response["data"]?["login"]?["accessToken"]
            ?? throw new InvalidOperationException($"login {email}: {response.ToJsonString()}");
    }

    /// <summary>Finds the IDs and records the exchanges the pages need; untimed.</summary>
    public static async Task<DemoIds> PrepareAsync(HttpClient http)
    {
        var maria = await LoginAsync(http, MariaEmail);
        var tom = await LoginAsync(http, TomEmail);
        var ids = new DemoIds(
            await MemberIdAsync(http, maria, "community { id }", m => (string)m["community"]!["id"]!),
            await MemberIdAsync(http, maria, "id", m => (string)m["id"]!),
            await MemberIdAsync(http, tom, "id", m => (string)m["id"]!));
        for (var i = 0; i < RecordedExchanges; i++)
        {
            // Who receives (and records) alternates, so both balances stay near where the demo left them.
            var (receiver, provider) = i % 2 == 0 ? (maria, ids.TomMemberId) : (tom, ids.MariaMemberId);
            await ApiServer.MutateAsync(http, "recordExchange", "RecordExchangeInput", "exchange { id }",
                new { providerMemberId = provider, minutes = 30, description = "read-path benchmark" }, receiver);
        }
        return ids;
    }

    private static async Task<string> MemberIdAsync(HttpClient http, string token, string selection, Func<JsonNode, string> pick)
    {
        var response = await ApiServer.PostAsync(http, $"{{ me {{ memberships {{ {selection} }} }} }}", null, token);
        var first = response["data"]?["me"]?["memberships"]?.AsArray().FirstOrDefault()
            ?? throw new InvalidOperationException($"no membership: {response.ToJsonString()}");
        return pick(first);
    }

    /// <summary>The cases in the order each round runs them; the anonymous <c>{ __typename }</c> first, as every ratio's base.</summary>
    public static IReadOnlyList<ReadCase> All(DemoIds ids, bool withPlain)
    {
        var cases = new List<ReadCase>
        {
            Graphql(Anonymous, "`{ __typename }` anonymous", "{ __typename }", null, token: false,
                d => (string?)d["__typename"] == "Query"),
        };
        if (withPlain)
        {
            cases.Add(new ReadCase(Plain, "plain minimal-API JSON endpoint (floor)", "/benchmarks/plain", Body("{ __typename }", null), false,
                d => (string?)d["__typename"] == "Query"));
        }
        cases.AddRange(
        [
            Graphql("typename-token", "`{ __typename }` with a bearer token", "{ __typename }", null, token: true,
                d => (string?)d["__typename"] == "Query"),
            Graphql("balance", "balance: `me { memberships { account { balanceMinutes availableMinutes } } }`", $"{{ {Balance} }}", null, token: true,
                d => Accounts(d).All(a => a?["balanceMinutes"] is not null)),
            Graphql("balance-statement-20", "balance + `statement(first: 20)`",
                $"{{ me {{ memberships {{ account {{ balanceMinutes availableMinutes {Statement20} }} }} }} }}", null, token: true,
                d => Accounts(d).All(a => a?["statement"]?["nodes"]?.AsArray().Count == 20)),
            Graphql("my-exchanges-20", "`myExchanges(first: 20)` with parties",
                "{ myExchanges(first: 20) { nodes { id status agreedMinutes description provider { id displayName } receiver { id displayName } } } }",
                null, token: true, d => d["myExchanges"]?["nodes"]?.AsArray().Count == 20),
            Graphql("listings-20", "`listings(first: 20)` as a member",
                "query($communityId: ID!) { listings(communityId: $communityId, first: 20) { nodes { id kind title estimatedMinutes owner { id displayName } } } }",
                new { communityId = ids.CommunityId }, token: true, d => d["listings"]?["nodes"]?.AsArray().Count > 0),
            Graphql("member", "`member(id)` of another member",
                "query($id: ID!) { member(id: $id) { id displayName neighbourhood bio skillTags status } }",
                new { id = ids.TomMemberId }, token: true, d => (string?)d["member"]?["id"] == ids.TomMemberId),
            Graphql("statement-50", "a 50-line statement page",
                "{ me { memberships { account { statement(first: 50) { nodes { entrySequence kind minutes balanceAfterMinutes recordedAt } } } } } }",
                null, token: true, d => Accounts(d).All(a => a?["statement"]?["nodes"]?.AsArray().Count == 50)),
        ]);
        return cases;
    }

    /// <summary>Sends a case once and fails loudly unless it answers 200 with data, no errors, and what <see cref="ReadCase.IsRight"/> asks.</summary>
    public static async Task CheckAsync(HttpClient http, ReadCase @case, string token, string where)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, @case.Path) { Content = new StringContent(@case.Body, Encoding.UTF8, "application/json") };
        if (@case.WithToken)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
        using var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        JsonNode? body = null;
        try
        {
            body = JsonNode.Parse(text);
        }
        catch (JsonException)
        {
        }
        if (!response.IsSuccessStatusCode || body?["errors"] is not null || body?["data"] is not { } data || !@case.IsRight(data))
        {
            var hint = @case.Name == Plain && response.StatusCode == System.Net.HttpStatusCode.NotFound
                ? " (this build has no Benchmarks:PlainEndpoint; pass --no-plain)"
                : "";
            throw new InvalidOperationException($"{where}: {@case.Name} answered {(int)response.StatusCode}{hint}: {text}");
        }
    }

    private static IEnumerable<JsonNode?> Accounts(JsonNode data)
    {
        var memberships = data["me"]?["memberships"]?.AsArray() ?? [];
        return memberships.Count == 0 ? [null] : memberships.Select(m => m?["account"]);
    }

    private static ReadCase Graphql(string name, string label, string query, object? variables, bool token, Func<JsonNode, bool> isRight) =>
        new(name, label, "/graphql", Body(query, variables), token, isRight);

    private static string Body(string query, object? variables) =>
        variables is null ? JsonSerializer.Serialize(new { query }) : JsonSerializer.Serialize(new { query, variables });
}
