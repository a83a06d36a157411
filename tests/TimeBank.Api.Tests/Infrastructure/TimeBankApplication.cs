using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using TimeBank.Api.Data;
using TimeBank.Api.Features.Identity;

namespace TimeBank.Api.Tests.Infrastructure;

/// <summary>
/// The API in memory, on its own SQLite file in a fresh temporary data folder, on a fake clock.
/// <c>admin@test.local</c> becomes a deployment admin when registered through <see cref="RegisterAsync"/>, which then
/// grants it as the operator's <c>admin grant</c> does.
/// </summary>
public sealed class TimeBankApplication : WebApplicationFactory<Program>
{
    /// <summary>Load the demo community at start, as <c>--seed-demo</c> does.</summary>
    public bool SeedDemo { get; init; }

    /// <summary>Configuration that replaces the test defaults, e.g. <c>RateLimits:MutationsPerUser</c>.</summary>
    public IReadOnlyDictionary<string, string> Settings { get; init; } = new Dictionary<string, string>();

    public const string AdminEmail = "admin@test.local";
    public const string Password = "correct horse battery";

    public string DataDirectory { get; } = TempFolder.Create();

    /// <summary>Every SQL command the API's DbContexts send.</summary>
    public SqlStatementCounter SqlStatements { get; } = new();

    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 11, 25, 9, 0, 0, TimeSpan.Zero));

    /// <summary>More EF Core interceptors for the API's DbContexts, e.g. one that makes the database fail on cue.</summary>
    public IReadOnlyList<IInterceptor> Interceptors { get; init; } = [];

    /// <summary>Every Error-level log entry of the host.</summary>
    public LogCapture Logs { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("TimeBank:DataDirectory", DataDirectory);
        builder.UseSetting("Auth:LoginAttemptsPerMinute", "100000");
        // Tests share one address and a clock that stands still; the rate limit tests set their own limits.
        builder.UseSetting("RateLimits:MutationsPerUser", "1000000");
        builder.UseSetting("RateLimits:MutationsPerAddress", "1000000");
        builder.UseSetting("TimeBank:SeedDemo", SeedDemo ? "true" : "false");
        builder.UseEnvironment("Testing");
        foreach (var (key, value) in Settings)
        {
            builder.UseSetting(key, value);
        }
        builder.ConfigureLogging(logging => logging.AddProvider(Logs));
        builder.ConfigureServices(services =>
        {
            services.Replace(ServiceDescriptor.Singleton<TimeProvider>(Clock));
            services.AddSingleton<IPreparedReadObserver>(SqlStatements);
            foreach (var observer in Interceptors.OfType<IPreparedReadObserver>())
            {
                services.AddSingleton(observer);
            }
            // An EF Core warning (a row limit without an order, a query that splits badly...) fails the test that causes it.
            services.ConfigureDbContext<TimeBankDbContext>(options => options
                .AddInterceptors(SqlStatements)
                .AddInterceptors(Interceptors)
                .ConfigureWarnings(warnings => warnings.Default(WarningBehavior.Throw)));
        });
    }

    /// <summary>Posts a GraphQL document, with the bearer token when given, and returns the whole response.</summary>
    public async Task<JsonObject> GraphQLAsync(string query, object? variables = null, string? token = null)
    {
        using var http = CreateClient();
        if (token is not null)
        {
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
        using var response = await http.PostAsJsonAsync("/graphql", new { query, variables });
        var body = await response.Content.ReadAsStringAsync();
        return JsonNode.Parse(body)?.AsObject() ?? throw new InvalidOperationException($"HTTP {(int)response.StatusCode}: {body}");
    }

    /// <summary>Registers a user and returns its access token; <see cref="AdminEmail"/> is made an admin and signed in again.</summary>
    public async Task<string> RegisterAsync(string email)
    {
        var response = await GraphQLAsync(
            "mutation($input: RegisterInput!) { register(input: $input) { accessToken errors { code message } } }",
            new { input = new { email, password = Password } });
        var token = (string?)response["data"]?["register"]?["accessToken"]
            ?? throw new InvalidOperationException("register failed: " + response.ToJsonString());
        if (email != AdminEmail)
        {
            return token;
        }
        await using (var db = await Services.GetRequiredService<IDbContextFactory<TimeBankDbContext>>().CreateDbContextAsync())
        {
            var granted = await AdminRights.SetAsync(db, email, isAdmin: true, default);
            Assert.True(granted.Succeeded, granted.Message);
        }
        return await LoginAsync(email);
    }

    /// <summary>Signs a registered user in and returns a fresh access token (of a new session).</summary>
    public async Task<string> LoginAsync(string email)
    {
        var login = await GraphQLAsync(
            "mutation($input: LoginInput!) { login(input: $input) { accessToken errors { code message } } }",
            new { input = new { email, password = Password } });
        return (string?)login["data"]?["login"]?["accessToken"] ?? throw new InvalidOperationException("login failed: " + login.ToJsonString());
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        TempFolder.Delete(DataDirectory);
    }
}
