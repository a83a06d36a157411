using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using TimeBank.Api.Tests.Infrastructure;
using TimeBank.GraphQL.Reuse;
using TimeBank.Ledger;

namespace TimeBank.Api.Tests.Data;

/// <summary>
/// A query asked again, by the same caller, with nothing committed since and within the reuse window, is answered with
/// the same bytes without running; anything else runs. "Runs" is seen in the SQL statements the request costs.
/// </summary>
public sealed class QueryResponseReuseTests : IAsyncLifetime
{
    private const string Names = "{ me { memberships { displayName account { balanceMinutes } } } }";

    private readonly TimeBankApplication _app = new();
    private TestCommunity _community = null!;

    public async Task InitializeAsync()
    {
        var admin = await _app.RegisterAsync(TimeBankApplication.AdminEmail);
        _community = await TestCommunity.CreateAsync(_app, admin, "reuse", "ana", "ben");
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private string Ana => _community.People["ana"].Token;

    [Fact]
    public async Task TheSameQueryAgainIsAnsweredWithTheSameBytesWithoutRunning()
    {
        var (statements, first, again) = await TwiceWithoutACommitBetweenAsync(Names, Ana);

        Assert.Equal(0, statements);
        Assert.Equal(first.Body, again.Body);
        Assert.Equal(HttpStatusCode.OK, again.Status);
        Assert.Equal("application/json; charset=utf-8", again.ContentType);
        Assert.Contains("\"displayName\":\"ana\"", again.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ACommitByAnotherConnectionOutsideTheApiMakesTheQueryRunAgain()
    {
        await PostAsync(Names, Ana);

        // A writer the API knows nothing of: the data version is SQLite's, so it sees this commit too.
        await using (var connection = new SqliteConnection($"Data Source={Path.Combine(_app.DataDirectory, "timebank.db")};Pooling=False"))
        {
            await connection.OpenAsync();
            SqliteConnectionSettings.Apply(connection);
            await using var rename = connection.CreateCommand();
            rename.CommandText = "UPDATE \"Members\" SET \"DisplayName\" = 'ana renamed' WHERE \"DisplayName\" = 'ana'";
            Assert.Equal(1, await rename.ExecuteNonQueryAsync());
        }
        _app.SqlStatements.Reset();

        var after = await PostAsync(Names, Ana);

        Assert.True(_app.SqlStatements.Total > 0, "the query was answered without running after a commit");
        Assert.Contains("\"displayName\":\"ana renamed\"", after.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnotherCallerAskingTheSameQueryGetsTheirOwnAnswer()
    {
        var ana = await PostAsync(Names, Ana);

        var ben = await PostAsync(Names, _community.People["ben"].Token);
        var anonymous = await PostAsync(Names, token: null);

        Assert.Contains("\"displayName\":\"ana\"", ana.Body, StringComparison.Ordinal);
        Assert.Contains("\"displayName\":\"ben\"", ben.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("\"displayName\"", anonymous.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheSameUserWithANewSessionRunsTheQueryOnce()
    {
        await PostAsync(Names, Ana);
        var again = await _app.LoginAsync("ana.reuse@test.local");
        _app.SqlStatements.Reset();

        await PostAsync(Names, again);

        // The login was a commit, and the token is part of the key: either alone makes this run.
        Assert.True(_app.SqlStatements.Total > 0);
    }

    [Fact]
    public async Task OnlyAQueryThatAnsweredWithoutErrorsIsKept()
    {
        var answers = _app.Services.GetRequiredService<QueryResponseCache>();
        var before = answers.Count;
        await PostAsync("{ __typename }", Ana);
        var kept = answers.Count;

        var failed = new[]
        {
            await PostAsync("{ nothingHere }", Ana),
            await PostAsync("{ member(id: \"bm90IGFuIGlk\") { id } }", Ana),
        };
        var mutation = await PostAsync("mutation { __typename }", Ana);

        Assert.All(failed, answer => Assert.Contains("\"errors\"", answer.Body, StringComparison.Ordinal));
        Assert.Contains("\"data\"", mutation.Body, StringComparison.Ordinal);
        Assert.Equal(before + 1, kept);
        Assert.Equal(kept, answers.Count);
    }

    [Fact]
    public async Task AMutationAskedTwiceRunsTwice()
    {
        const string Login = "mutation($input: LoginInput!) { login(input: $input) { accessToken } }";
        var variables = new { input = new { email = "ben.reuse@test.local", password = TimeBankApplication.Password } };

        var first = await PostAsync(Login, token: null, variables);
        var second = await PostAsync(Login, token: null, variables);

        Assert.NotEqual(first.Body, second.Body);
    }

    [Fact]
    public async Task AnAnswerIsReusedWithinTheWindowAndNotAfterIt()
    {
        var (within, _, _) = await TwiceWithoutACommitBetweenAsync(Names, Ana, between: TimeSpan.FromMilliseconds(900));

        _app.Clock.Advance(TimeSpan.FromMilliseconds(200));
        _app.SqlStatements.Reset();
        await PostAsync(Names, Ana);

        Assert.Equal(0, within);
        Assert.True(_app.SqlStatements.Total > 0, "an answer older than the window was reused");
    }

    [Fact]
    public async Task AnExpiredTokenGetsNoKeptAnswer()
    {
        var kept = await PostAsync(Names, Ana);
        Assert.Contains("\"displayName\":\"ana\"", kept.Body, StringComparison.Ordinal);

        _app.Clock.Advance(TimeSpan.FromHours(1));
        var expired = await PostAsync(Names, Ana);

        Assert.DoesNotContain("\"displayName\"", expired.Body, StringComparison.Ordinal);
        Assert.Contains("UNAUTHENTICATED", expired.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AGetOfTheSameQueryIsKeptApartFromThePost()
    {
        await PostAsync("{ __typename }", token: null);
        using var http = _app.CreateClient();
        _app.SqlStatements.Reset();

        using var get = await http.GetAsync("/graphql?query=%7B%20__typename%20%7D");

        Assert.Equal(HttpStatusCode.OK, get.StatusCode);
        Assert.Equal("{\"data\":{\"__typename\":\"Query\"}}", await get.Content.ReadAsStringAsync());
        Assert.Equal(2, _app.Services.GetRequiredService<QueryResponseCache>().Count);
    }

    private sealed record Answer(HttpStatusCode Status, string? ContentType, string Body);

    /// <summary>
    /// Sends the query twice, the clock moved by <paramref name="between"/> in between, and gives the SQL statements the
    /// second cost. A background write (the outbox marking its events) may commit between two requests, and then the
    /// second must run; such a pair is sent again, so the test sees a pair with no commit between.
    /// </summary>
    private async Task<(int Statements, Answer First, Answer Second)> TwiceWithoutACommitBetweenAsync(string query, string token, TimeSpan between = default)
    {
        var version = _app.Services.GetRequiredService<IDataVersion>();
        for (var attempt = 0; attempt < 10; attempt++)
        {
            Assert.True(version.TryRead(out var before));
            var first = await PostAsync(query, token);
            _app.Clock.Advance(between);
            _app.SqlStatements.Reset();
            var second = await PostAsync(query, token);
            var statements = _app.SqlStatements.Total;
            Assert.True(version.TryRead(out var after));
            if (before == after)
            {
                return (statements, first, second);
            }
        }
        throw new InvalidOperationException("a commit landed between every pair of requests");
    }

    private async Task<Answer> PostAsync(string query, string? token, object? variables = null)
    {
        using var http = _app.CreateClient();
        if (token is not null)
        {
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
        using var response = await http.PostAsJsonAsync("/graphql", new { query, variables });
        var body = await response.Content.ReadAsStringAsync();
        Assert.NotNull(JsonNode.Parse(body));
        return new Answer(response.StatusCode, response.Content.Headers.ContentType?.ToString(), body);
    }
}
