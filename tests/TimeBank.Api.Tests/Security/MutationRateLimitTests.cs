using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TimeBank.Api.Data;
using TimeBank.Api.Tests.Infrastructure;

namespace TimeBank.Api.Tests.Security;

/// <summary>
/// Mutations are rate limited per user and per client address (<c>RateLimits</c>); a refused one is HTTP 429 with
/// <c>Retry-After</c> and RATE_LIMITED, and writes nothing. Over a real Kestrel port, on the fake clock: a limit of 3
/// per minute refills one mutation every 20 s. Add a case by starting an app with the limits it needs
/// (<see cref="StartAsync"/>) and asserting with <see cref="AssertRateLimited"/>.
/// </summary>
public sealed class MutationRateLimitTests : IAsyncLifetime
{
    private const int Limit = 3;
    private const string CreateCommunity =
        "mutation($input: CreateCommunityInput!) { createCommunity(input: $input) { community { id } errors { code message } } }";

    private TimeBankApplication? _app;

    private TimeBankApplication App => _app ?? throw new InvalidOperationException("Start the app first.");

    public Task InitializeAsync() => Task.CompletedTask;

    [Fact]
    public async Task AUserOverTheLimitIsRefusedAndNothingIsWritten()
    {
        var admin = await StartAsync(perUser: Limit, perAddress: 1000);
        for (var i = 0; i < Limit; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await CreateCommunityAsync(admin, $"limited-{i}")).Status);
        }

        var refused = await CreateCommunityAsync(admin, "one-too-many");

        AssertRateLimited(refused, retryAfterSeconds: 20);
        Assert.Equal(Limit, await CommunitiesAsync());
    }

    [Fact]
    public async Task AnotherUserAndTheUsersQueriesAreNotAffected()
    {
        var admin = await StartAsync(perUser: Limit, perAddress: 1000);
        var other = await App.RegisterAsync("other@test.local");
        var created = new List<string>();
        for (var i = 0; i < Limit; i++)
        {
            created.Add((string)(await CreateCommunityAsync(admin, $"busy-{i}")).Body["data"]!["createCommunity"]!["community"]!["id"]!);
        }
        AssertRateLimited(await CreateCommunityAsync(admin, "busy-over"), retryAfterSeconds: 20);

        var memberId = await TestCommunity.JoinAsync(App, other, created[0], "Other");
        var me = await App.GraphQLAsync("{ me { email } }", token: admin);

        Assert.NotNull(memberId);
        Assert.Equal(TimeBankApplication.AdminEmail, (string?)me["data"]?["me"]?["email"]);
    }

    [Fact]
    public async Task TheBudgetRefillsAsTheClockMoves()
    {
        var admin = await StartAsync(perUser: Limit, perAddress: 1000);
        for (var i = 0; i < Limit; i++)
        {
            await CreateCommunityAsync(admin, $"refill-{i}");
        }
        AssertRateLimited(await CreateCommunityAsync(admin, "refill-early"), retryAfterSeconds: 20);

        App.Clock.Advance(TimeSpan.FromSeconds(19));
        AssertRateLimited(await CreateCommunityAsync(admin, "refill-still-early"), retryAfterSeconds: 1);
        App.Clock.Advance(TimeSpan.FromSeconds(1));
        var refilled = await CreateCommunityAsync(admin, "refill-on-time");
        var again = await CreateCommunityAsync(admin, "refill-again");

        Assert.Equal(HttpStatusCode.OK, refilled.Status);
        Assert.NotNull(refilled.Body["data"]?["createCommunity"]?["community"]?["id"]);
        AssertRateLimited(again, retryAfterSeconds: 20);
        Assert.Equal(Limit + 1, await CommunitiesAsync());
    }

    [Fact]
    public async Task AnonymousMutationsAreLimitedPerAddress()
    {
        await StartAsync(perUser: 1000, perAddress: Limit, withAdmin: false);
        for (var i = 0; i < Limit; i++)
        {
            await App.RegisterAsync($"newcomer-{i}@test.local");
        }

        var refused = await PostAsync(
            "mutation($input: RegisterInput!) { register(input: $input) { accessToken errors { code } } }",
            new { input = new { email = "newcomer-over@test.local", password = TimeBankApplication.Password } }, token: null);

        AssertRateLimited(refused, retryAfterSeconds: 20);
        await using var db = await App.Services.GetRequiredService<IDbContextFactory<TimeBankDbContext>>().CreateDbContextAsync();
        Assert.Equal(Limit, await db.Users.CountAsync());
    }

    [Fact]
    public async Task ASignedInUsersMutationsAlsoCountAgainstTheAddress()
    {
        // 5 a minute from this address, one every 12 s; the admin's register and login spent two.
        var admin = await StartAsync(perUser: 1000, perAddress: 5);
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await CreateCommunityAsync(admin, $"shared-{i}")).Status);
        }

        AssertRateLimited(await CreateCommunityAsync(admin, "shared-over"), retryAfterSeconds: 12);
        Assert.Equal(3, await CommunitiesAsync());
    }

    [Theory]
    [InlineData("RateLimits__Window", "00:00:00")]
    [InlineData("RateLimits__MutationsPerUser", "-1")]
    // More than one per 100 ns tick of the window, which the buckets count in.
    [InlineData("RateLimits__MutationsPerAddress", "1000000000")]
    public async Task ALimitThatCannotWorkStopsTheStartNamingTheSetting(string setting, string value)
    {
        var folder = TempFolder.Create();
        try
        {
            using var api = ApiProcess.Start(ApiProcess.FreePort(), new Dictionary<string, string>
            {
                ["TimeBank__DataDirectory"] = folder,
                [setting] = value,
            });

            var exitCode = await api.WaitForExitAsync(TimeSpan.FromSeconds(60));

            Assert.Equal(1, exitCode);
            Assert.Contains("RateLimits", api.StandardError, StringComparison.Ordinal);
        }
        finally
        {
            TempFolder.Delete(folder);
        }
    }

    [Fact]
    public async Task AMutationOverTheLimitOnAWebSocketIsAnErrorAndTheSocketStaysOpen()
    {
        var admin = await StartAsync(perUser: Limit, perAddress: 1000);
        using var socket = await GraphQLWebSocket.ConnectAsync(GraphQLWebSocket.AddressOf(App), admin);
        for (var i = 0; i < Limit; i++)
        {
            await socket.SubscribeAsync($"m{i}", CreateCommunity, new { input = Community($"socket-{i}") });
            Assert.Equal("next", (string?)(await socket.ReceiveAsync())["type"]);
            Assert.Equal("complete", (string?)(await socket.ReceiveAsync())["type"]);
        }

        await socket.SubscribeAsync("over", CreateCommunity, new { input = Community("socket-over") });
        var refused = await socket.ReceiveAsync();
        await socket.SubscribeAsync("me", "{ me { email } }");
        var answered = await socket.ReceiveAsync();

        Assert.Equal("error", (string?)refused["type"]);
        Assert.Equal("RATE_LIMITED", (string?)refused["payload"]?[0]?["extensions"]?["code"]);
        Assert.Equal(20, (int?)refused["payload"]?[0]?["extensions"]?["retryAfter"]);
        Assert.Equal(TimeBankApplication.AdminEmail, (string?)answered["payload"]?["data"]?["me"]?["email"]);
        Assert.Equal(Limit, await CommunitiesAsync());
    }

    private sealed record Answer(HttpStatusCode Status, RetryConditionHeaderValue? RetryAfter, JsonObject Body);

    private static void AssertRateLimited(Answer answer, int retryAfterSeconds)
    {
        Assert.Equal(HttpStatusCode.TooManyRequests, answer.Status);
        Assert.Equal(TimeSpan.FromSeconds(retryAfterSeconds), answer.RetryAfter?.Delta);
        Assert.Equal("RATE_LIMITED", (string?)answer.Body["errors"]?[0]?["extensions"]?["code"]);
        Assert.Equal(retryAfterSeconds, (int?)answer.Body["errors"]?[0]?["extensions"]?["retryAfter"]);
        Assert.Null(answer.Body["data"]);
    }

    /// <summary>Starts the API with these limits a minute; returns the admin's token unless told not to make one.</summary>
    private async Task<string> StartAsync(int perUser, int perAddress, bool withAdmin = true)
    {
        _app = new TimeBankApplication
        {
            Settings = new Dictionary<string, string>
            {
                ["RateLimits:MutationsPerUser"] = perUser.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["RateLimits:MutationsPerAddress"] = perAddress.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["RateLimits:Window"] = "00:01:00",
            },
        };
        _app.UseKestrel(ApiProcess.FreePort());
        _app.StartServer();
        return withAdmin ? await App.RegisterAsync(TimeBankApplication.AdminEmail) : "";
    }

    private static object Community(string slug) => new { slug, name = slug, timeZone = "Europe/Lisbon" };

    private Task<Answer> CreateCommunityAsync(string token, string slug) => PostAsync(CreateCommunity, new { input = Community(slug) }, token);

    private async Task<Answer> PostAsync(string query, object? variables, string? token)
    {
        using var http = App.CreateClient();
        if (token is not null)
        {
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
        using var response = await http.PostAsJsonAsync("/graphql", new { query, variables });
        var body = await response.Content.ReadAsStringAsync();
        return new Answer(response.StatusCode, response.Headers.RetryAfter,
            JsonNode.Parse(body)?.AsObject() ?? throw new InvalidOperationException($"HTTP {(int)response.StatusCode}: {body}"));
    }

    private async Task<int> CommunitiesAsync()
    {
        await using var db = await App.Services.GetRequiredService<IDbContextFactory<TimeBankDbContext>>().CreateDbContextAsync();
        return await db.Communities.CountAsync();
    }

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }
}
