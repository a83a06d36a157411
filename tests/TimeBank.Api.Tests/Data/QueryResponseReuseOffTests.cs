using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using TimeBank.Api.Tests.Infrastructure;
using TimeBank.GraphQL.Reuse;

namespace TimeBank.Api.Tests.Data;

/// <summary><c>GraphQL:QueryResponseReuse</c> at zero turns reuse off: every query runs.</summary>
public sealed class QueryResponseReuseOffTests : IAsyncLifetime
{
    private readonly TimeBankApplication _app = new() { Settings = new Dictionary<string, string> { ["GraphQL:QueryResponseReuse"] = "00:00:00" } };

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task EveryQueryRuns()
    {
        var token = await _app.RegisterAsync("off@test.local");
        using var http = _app.CreateClient();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        (await http.PostAsJsonAsync("/graphql", new { query = "{ me { email } }" })).Dispose();
        _app.SqlStatements.Reset();

        (await http.PostAsJsonAsync("/graphql", new { query = "{ me { email } }" })).Dispose();

        Assert.True(_app.SqlStatements.Total > 0);
        Assert.False(_app.Services.GetRequiredService<QueryResponseCache>().Enabled);
    }
}
