using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;
using TimeBank.Api.Features.Demo;
using TimeBank.Api.Tests.Infrastructure;

namespace TimeBank.Api.Tests.Security;

/// <summary>
/// Nothing personal reaches the log, the spans or the metrics' labels: a full demo run (the demo seeded, logins right
/// and wrong, a newcomer who registers, joins and erases themself, an exchange settled, a session refreshed and ended,
/// a forged token, a malformed request) at Debug level for every category, and every line, scope, exception, span
/// tag and metric label is searched for the people's emails, names and passwords and for every token issued or sent.
/// To extend: add a step to <see cref="RunDemoAsync"/> and what it must not leak to the secrets it returns.
/// </summary>
public sealed class LogPersonalDataTests
{
    private const string NewcomerEmail = "zed.newcomer@example.org";
    private const string NewcomerName = "Zedediah Quillfeather";
    private const string NewcomerPassword = "zed's long secret passphrase";
    private const string WrongPassword = "maria-guesses-wrong-77";
    private const string UnknownEmail = "ghost.person@nowhere.example";
    private const string ForgedToken = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJmb3JnZWQifQ.forged-signature-zz";

    [Fact]
    public async Task AFullDemoRunLeavesNoEmailNamePasswordOrTokenInTheLogSpansOrMetricLabels()
    {
        var written = new WrittenText();
        await using var app = new TimeBankApplication
        {
            SeedDemo = true,
            Settings = new Dictionary<string, string>
            {
                ["Logging:LogLevel:Default"] = "Debug",
                ["Logging:LogLevel:Microsoft"] = "Debug",
                ["Logging:LogLevel:Microsoft.AspNetCore"] = "Debug",
                ["Logging:LogLevel:Microsoft.EntityFrameworkCore"] = "Debug",
            },
        };
        await using var host = app.WithWebHostBuilder(builder => builder.ConfigureLogging(logging => logging.AddProvider(written)));
        using var spans = written.ListenToSpans();
        using var metrics = written.ListenToMetricLabels();

        var secrets = await RunDemoAsync(host);

        Assert.NotEmpty(written.Lines);
        Assert.Contains(written.Lines, line => line.Contains("/graphql", StringComparison.Ordinal));
        var leaks = (from secret in secrets
                     from line in written.Lines
                     where line.Contains(secret, StringComparison.OrdinalIgnoreCase)
                     select $"{secret} in: {line}").Take(20).ToList();
        Assert.True(leaks.Count == 0, string.Join("\n", leaks));
    }

    /// <summary>Runs the demo flow and returns every string that must appear nowhere.</summary>
    private static async Task<List<string>> RunDemoAsync(Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactory<Program> app)
    {
        using var http = app.CreateClient();
        var secrets = new List<string> { NewcomerEmail, NewcomerName, NewcomerPassword, WrongPassword, UnknownEmail, ForgedToken };
        foreach (var person in DemoPeople.All)
        {
            secrets.Add(person.Email);
            secrets.Add(person.DisplayName);
            secrets.Add(DemoPassword(person.Email));
        }

        var maria = await LoginAsync(http, "maria@demo.timebank.local", DemoPassword("maria@demo.timebank.local"), secrets);
        var tom = await LoginAsync(http, "tom@demo.timebank.local", DemoPassword("tom@demo.timebank.local"), secrets);
        Assert.Equal("INVALID_CREDENTIALS", Code(await PostAsync(http, "mutation($input: LoginInput!) { login(input: $input) { errors { code } } }",
            new { input = new { email = "maria@demo.timebank.local", password = WrongPassword } }, null), "login"));
        Assert.Equal("INVALID_CREDENTIALS", Code(await PostAsync(http, "mutation($input: LoginInput!) { login(input: $input) { errors { code } } }",
            new { input = new { email = UnknownEmail, password = NewcomerPassword } }, null), "login"));

        // A newcomer registers, joins the demo community and erases themself.
        var registered = await PostAsync(http, "mutation($input: RegisterInput!) { register(input: $input) { accessToken refreshToken errors { code } } }",
            new { input = new { email = NewcomerEmail, password = NewcomerPassword } }, null);
        var newcomer = Remember(registered, "register", secrets);
        var demo = await PostAsync(http, "{ me { memberships { id community { id } } } }", null, maria.Access);
        var communityId = (string)demo["data"]!["me"]!["memberships"]![0]!["community"]!["id"]!;
        var joined = await MutateAsync(http, "joinCommunity", "JoinCommunityInput", "member { id }", new { communityId, displayName = NewcomerName }, newcomer.Access);
        await MutateAsync(http, "eraseMember", "EraseMemberInput", "member { id }", new { memberId = (string)joined["member"]!["id"]! }, newcomer.Access);

        // Maria and Tom exchange an hour, settled by Maria's acknowledgement.
        var tomMember = (string)(await PostAsync(http, "{ me { memberships { id } } }", null, tom.Access))["data"]!["me"]!["memberships"]![0]!["id"]!;
        var proposed = await MutateAsync(http, "proposeExchange", "ProposeExchangeInput", "exchange { id }",
            new { counterpartMemberId = tomMember, myRole = "RECEIVER", minutes = 60, description = "Fixing Maria's bike" }, maria.Access);
        var exchangeId = (string)proposed["exchange"]!["id"]!;
        await MutateAsync(http, "acceptExchange", "AcceptExchangeInput", "exchange { id }", new { exchangeId }, tom.Access);
        await MutateAsync(http, "completeExchange", "CompleteExchangeInput", "exchange { id }", new { exchangeId, minutes = 60 }, tom.Access);
        var settled = await MutateAsync(http, "acknowledgeExchange", "AcknowledgeExchangeInput", "exchange { status }", new { exchangeId }, maria.Access);
        Assert.Equal("SETTLED", (string?)settled["exchange"]?["status"]);

        // A session refreshed, then ended; a forged token; variables that do not fit their types, carrying an email.
        var refreshed = await PostAsync(http, "mutation($input: RefreshSessionInput!) { refreshSession(input: $input) { accessToken refreshToken errors { code } } }",
            new { input = new { refreshToken = maria.Refresh } }, null);
        var again = Remember(refreshed, "refreshSession", secrets);
        await MutateAsync(http, "logout", "LogoutInput", "", new { refreshToken = again.Refresh }, again.Access);
        await PostAsync(http, "{ me { email } }", null, ForgedToken);
        await PostAsync(http, "mutation($input: LoginInput!) { login(input: $input) { errors { code } } }",
            new { input = new { email = new[] { "maria@demo.timebank.local" }, password = 12 } }, null);
        return secrets;
    }

    private static string DemoPassword(string email) => "tb-" + email.Split('@')[0] + "-demo-2026";

    private sealed record Tokens(string Access, string Refresh);

    private static async Task<Tokens> LoginAsync(HttpClient http, string email, string password, List<string> secrets) =>
        Remember(await PostAsync(http, "mutation($input: LoginInput!) { login(input: $input) { accessToken refreshToken errors { code } } }",
            new { input = new { email, password } }, null), "login", secrets);

    private static Tokens Remember(JsonObject response, string field, List<string> secrets)
    {
        var payload = response["data"]?[field] ?? throw new InvalidOperationException(response.ToJsonString());
        var tokens = new Tokens(
            (string?)payload["accessToken"] ?? throw new InvalidOperationException(response.ToJsonString()),
            (string)payload["refreshToken"]!);
        secrets.Add(tokens.Access);
        // The signature alone identifies a token as well as the whole of it.
        secrets.Add(tokens.Access[(tokens.Access.LastIndexOf('.') + 1)..]);
        secrets.Add(tokens.Refresh);
        return tokens;
    }

    private static string? Code(JsonObject response, string field) => (string?)response["data"]?[field]?["errors"]?[0]?["code"];

    private static async Task<JsonNode> MutateAsync(
        HttpClient http, string field, string inputType, string selection, object input, string token)
    {
        var response = await PostAsync(http, $"mutation($input: {inputType}!) {{ {field}(input: $input) {{ {selection} errors {{ code message }} }} }}",
            new { input }, token);
        var payload = response["data"]?[field];
        Assert.True(payload is not null && payload["errors"]!.AsArray().Count == 0, $"{field}: {response.ToJsonString()}");
        return payload!;
    }

    private static async Task<JsonObject> PostAsync(HttpClient http, string query, object? variables, string? token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/graphql") { Content = JsonContent.Create(new { query, variables }) };
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
        using var response = await http.SendAsync(request);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
    }

    /// <summary>
    /// Everything written: each log entry's message, state values, scopes and exception; each finished span's name and
    /// tags; each metric measurement's labels.
    /// </summary>
    private sealed class WrittenText : ILoggerProvider, ISupportExternalScope
    {
        private readonly ConcurrentQueue<string> _lines = new();
        private IExternalScopeProvider? _scopes;

        public IReadOnlyCollection<string> Lines => _lines.ToArray();

        public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

        public void SetScopeProvider(IExternalScopeProvider scopeProvider) => _scopes = scopeProvider;

        public void Dispose()
        {
        }

        public ActivityListener ListenToSpans()
        {
            var listener = new ActivityListener
            {
                ShouldListenTo = _ => true,
                Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
                ActivityStopped = activity => _lines.Enqueue(
                    $"span {activity.DisplayName} {string.Join(' ', activity.TagObjects.Select(t => $"{t.Key}={Render(t.Value)}"))}"),
            };
            ActivitySource.AddActivityListener(listener);
            return listener;
        }

        public MeterListener ListenToMetricLabels()
        {
            var listener = new MeterListener { InstrumentPublished = (instrument, l) => l.EnableMeasurementEvents(instrument) };
            listener.SetMeasurementEventCallback<long>((instrument, _, tags, _) => Labels(instrument, tags));
            listener.SetMeasurementEventCallback<int>((instrument, _, tags, _) => Labels(instrument, tags));
            listener.SetMeasurementEventCallback<double>((instrument, _, tags, _) => Labels(instrument, tags));
            listener.Start();
            return listener;
        }

        private void Labels(Instrument instrument, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            if (tags.Length == 0)
            {
                return;
            }
            var labels = new List<string>();
            foreach (var tag in tags)
            {
                labels.Add($"{tag.Key}={Render(tag.Value)}");
            }
            _lines.Enqueue($"metric {instrument.Name} {string.Join(' ', labels)}");
        }

        private static string Render(object? value) => value switch
        {
            string[] values => string.Join(',', values),
            IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
            _ => value?.ToString() ?? "",
        };

        private sealed class Logger(WrittenText owner, string category) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => owner._scopes?.Push(state);

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                var line = new System.Text.StringBuilder($"{logLevel} {category}: {formatter(state, exception)}");
                if (state is IEnumerable<KeyValuePair<string, object?>> values)
                {
                    foreach (var (key, value) in values)
                    {
                        line.Append(CultureInfo.InvariantCulture, $" {key}={Render(value)}");
                    }
                }
                owner._scopes?.ForEachScope((scope, text) => text.Append(CultureInfo.InvariantCulture, $" scope: {scope}"), line);
                line.Append(' ').Append(exception);
                owner._lines.Enqueue(line.ToString());
            }
        }
    }
}
