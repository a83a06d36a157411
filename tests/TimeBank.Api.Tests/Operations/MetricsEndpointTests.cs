using System.Net;
using TimeBank.Api.Tests.Infrastructure;

namespace TimeBank.Api.Tests.Operations;

/// <summary>
/// The Prometheus scrape endpoint of the real API process, on real Kestrel: off the API's port, and the settle, ledger,
/// outbox, GraphQL and login metrics move when a client settles an exchange and mistypes a password. (CI checks the
/// same endpoint's text with Prometheus's own promtool: .ci/run.)
/// </summary>
public sealed class MetricsEndpointTests : IDisposable
{
    private readonly string _dataDirectory = TempFolder.Create();

    [Fact]
    public async Task TheScrapeEndpointIsOnItsOwnPortAndTheSettleMetricsMoveAfterASettle()
    {
        var metricsPort = ApiProcess.FreePort();
        using var api = ApiProcess.Start(ApiProcess.FreePort(), new Dictionary<string, string>
        {
            ["TimeBank__DataDirectory"] = _dataDirectory,
            ["TimeBank__SeedDemo"] = "true",
            ["Auth__LoginAttemptsPerMinute"] = "1000",
            ["Telemetry__Prometheus__Enabled"] = "true",
            ["Telemetry__Prometheus__Url"] = $"http://127.0.0.1:{metricsPort}",
        });
        // Seeding the demo on a machine busy with the rest of the suite can take a while.
        await api.WaitUntilReadyAsync(TimeSpan.FromMinutes(3));
        using var http = new HttpClient { BaseAddress = api.BaseAddress };
        using var scraper = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{metricsPort}") };

        // Never on the public port, and the metrics port serves nothing but the metrics.
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync("/metrics")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await scraper.PostAsync("/graphql", new StringContent("{}"))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await scraper.GetAsync("/health/ready")).StatusCode);

        var bank = new LiveBank(http);
        var pair = (await bank.SetUpAsync("metrics", pairs: 1))[0];
        var before = await ScrapeAsync(scraper);

        await bank.RecordAsync(pair, 0);
        var wrong = await bank.PostAsync("mutation { login(input: { email: \"nobody@ops.test\", password: \"not it at all\" }) { errors { code } } }", null, null);
        Assert.Equal("INVALID_CREDENTIALS", (string?)wrong["data"]?["login"]?["errors"]?[0]?["code"]);

        // The outbox publishes after the commit, on its own loop: wait for its count to move.
        PrometheusText after = before;
        await Wait.UntilAsync(async () =>
        {
            after = await ScrapeAsync(scraper);
            return after.Sum("timebank_outbox_lag_seconds_count") > before.Sum("timebank_outbox_lag_seconds_count");
        }, "the outbox lag to count the settle's event");

        Assert.Equal(1, Moved(before, after, "timebank_ledger_settle_duration_seconds_count", ("ledger_command", "Transfer"), ("ledger_status", "Ok")));
        Assert.True(Moved(before, after, "timebank_ledger_write_duration_seconds_count") >= 1);
        Assert.True(Moved(before, after, "timebank_ledger_writer_batch_size_count") >= 1);
        Assert.True(after.Has("timebank_ledger_writer_queue_depth"), after.Text);
        Assert.Equal(1, Moved(before, after, "timebank_graphql_operation_duration_seconds_count",
            ("graphql_operation_type", "mutation"), ("graphql_root_field", "recordExchange"), ("graphql_outcome", "ok")));
        Assert.Equal(1, Moved(before, after, "timebank_graphql_operation_duration_seconds_count",
            ("graphql_root_field", "login"), ("graphql_outcome", "rejected"), ("error_type", "INVALID_CREDENTIALS")));
        Assert.Equal(1, Moved(before, after, "timebank_login_failures_total", ("reason", "invalid_credentials")));
        Assert.True(Moved(before, after, "http_server_request_duration_seconds_count") >= 2);
        Assert.True(after.Has("dotnet_gc_collections_total") || after.Has("dotnet_process_cpu_time_seconds_total"), "runtime metrics");
    }

    private static double Moved(PrometheusText before, PrometheusText after, string name, params (string, string)[] labels) =>
        after.Sum(name, labels) - before.Sum(name, labels);

    private static async Task<PrometheusText> ScrapeAsync(HttpClient scraper)
    {
        using var response = await scraper.GetAsync("/metrics");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("text/plain", response.Content.Headers.ContentType?.MediaType ?? "", StringComparison.Ordinal);
        return new PrometheusText(await response.Content.ReadAsStringAsync());
    }

    public void Dispose() => TempFolder.Delete(_dataDirectory);
}
