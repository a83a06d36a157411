using System.Reflection;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using TimeBank.Api.Hosting;
using TimeBank.GraphQL.Diagnostics;
using TimeBank.Ledger.Diagnostics;

namespace TimeBank.Api.Operations.Telemetry;

/// <summary>
/// Metrics and traces with OpenTelemetry (<see cref="TelemetryOptions"/>): the API's, the GraphQL layer's and the
/// ledger's instruments, ASP.NET Core's (<c>http.server.request.duration</c>, Kestrel) and the runtime's; a Prometheus
/// scrape endpoint when turned on; OTLP export of metrics and traces when an endpoint is set. Traces are recorded only
/// when they have somewhere to go (OTLP): a span nobody exports would cost every request for nothing.
/// </summary>
public static class TelemetryRegistration
{
    private static readonly (string Name, string Renamed)[] RenamedRuntimeGauges =
    [
        ("dotnet.assembly.count", "dotnet.assembly.loaded"),
        ("dotnet.process.cpu.count", "dotnet.process.cpus"),
        ("dotnet.timer.count", "dotnet.timer.active"),
    ];

    public static WebApplicationBuilder AddTimeBankTelemetry(this WebApplicationBuilder builder)
    {
        var options = Read(builder.Configuration);
        builder.Services.AddSingleton(options);
        if (!options.Enabled)
        {
            return builder;
        }

        var otlpEndpoint = options.Otlp.Endpoint.Trim();
        // The standard variable, read through the configuration (keys ignore case; lower case keeps it out of the
        // error-code check, which takes every upper-case literal in src/ for a code).
        var otlp = otlpEndpoint.Length > 0 || !string.IsNullOrWhiteSpace(builder.Configuration["otel_exporter_otlp_endpoint"]);
        var prometheus = options.Prometheus.Enabled;
        var version = typeof(TelemetryRegistration).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion;
        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService("timebank", serviceVersion: version))
            .WithMetrics(metrics =>
            {
                metrics.AddMeter(TimeBankMetrics.Name, GraphQLTelemetry.Name, LedgerTelemetry.Name)
                    .AddAspNetCoreInstrumentation()
                    .AddRuntimeInstrumentation();
                // Three runtime gauges end in "count", which Prometheus reserves for a histogram's count (promtool's
                // lint refuses them); they get names that say what they count.
                foreach (var (name, renamed) in RenamedRuntimeGauges)
                {
                    metrics.AddView(name, new MetricStreamConfiguration { Name = renamed });
                }
                if (prometheus)
                {
                    metrics.AddPrometheusExporter();
                }
            });
        if (otlp)
        {
            telemetry.WithTracing(tracing => tracing
                .SetSampler(new ParentBasedSampler(new TraceIdRatioBasedSampler(options.TraceSampleRatio)))
                .AddSource(GraphQLTelemetry.Name, LedgerTelemetry.Name)
                // A scrape or a health probe every few seconds would bury the requests worth reading.
                .AddAspNetCoreInstrumentation(aspNetCore => aspNetCore.Filter = http =>
                    !http.Request.Path.StartsWithSegments("/health") && !IsScrape(http, options)));
            if (otlpEndpoint.Length > 0)
            {
                telemetry.UseOtlpExporter(
                    options.Otlp.Protocol == "http/protobuf" ? OtlpExportProtocol.HttpProtobuf : OtlpExportProtocol.Grpc, new Uri(otlpEndpoint));
            }
            else
            {
                telemetry.UseOtlpExporter();
            }
        }
        if (prometheus)
        {
            var port = ScrapePort(options.Prometheus);
            var shared = SharesApiPort(builder.Configuration, port);
            if (!shared)
            {
                ListenForScrapes(builder, options.Prometheus);
            }
            builder.Services.AddSingleton(new ScrapePortUse(port, shared));
        }
        return builder;
    }

    /// <summary>
    /// Serves the scrape endpoint on its own port when turned on (see <see cref="PrometheusOptions.Url"/>), before any
    /// other middleware: a scrape needs no CORS, no authentication and no GraphQL. The metrics port answers 404 to
    /// everything else, so the API is not reachable through it either.
    /// </summary>
    public static WebApplication MapTimeBankMetrics(this WebApplication app)
    {
        var options = app.Services.GetRequiredService<TelemetryOptions>();
        if (!options.Enabled || !options.Prometheus.Enabled)
        {
            return app;
        }
        var (port, shared) = app.Services.GetRequiredService<ScrapePortUse>();
        app.UseOpenTelemetryPrometheusScrapingEndpoint(
            meterProvider: null, predicate: http => IsScrape(http, options), path: null, configureBranchedPipeline: null, optionsName: null);
        if (!shared)
        {
            app.Use((http, next) =>
            {
                if (http.Connection.LocalPort != port)
                {
                    return next(http);
                }
                http.Response.StatusCode = StatusCodes.Status404NotFound;
                return Task.CompletedTask;
            });
        }
        return app;
    }

    // The port the connection arrived on, never the Host header, which the client writes.
    private static bool IsScrape(HttpContext http, TelemetryOptions options) =>
        options.Prometheus.Enabled && http.Connection.LocalPort == ScrapePort(options.Prometheus)
        && http.Request.Path.Equals(options.Prometheus.Path, StringComparison.Ordinal);

    private static int ScrapePort(PrometheusOptions prometheus) => new Uri(prometheus.Url).Port;

    /// <summary>Adds the scrape address to the addresses Kestrel listens on (<c>Urls</c>).</summary>
    private static void ListenForScrapes(WebApplicationBuilder builder, PrometheusOptions prometheus)
    {
        var urls = builder.Configuration[WebHostDefaults.ServerUrlsKey];
        var current = string.IsNullOrWhiteSpace(urls) ? "http://localhost:5000" : urls;
        builder.WebHost.UseSetting(WebHostDefaults.ServerUrlsKey, $"{current};{prometheus.Url.TrimEnd('/')}");
    }

    private static bool SharesApiPort(ConfigurationManager configuration, int port)
    {
        var urls = configuration[WebHostDefaults.ServerUrlsKey];
        return (string.IsNullOrWhiteSpace(urls) ? "http://localhost:5000" : urls)
            .Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Any(url => Uri.TryCreate(url.Replace("*", "localhost", StringComparison.Ordinal).Replace("+", "localhost", StringComparison.Ordinal), UriKind.Absolute, out var uri)
                && uri.Port == port);
    }

    private static TelemetryOptions Read(ConfigurationManager configuration)
    {
        var options = configuration.GetSection(TelemetryOptions.Section).Get<TelemetryOptions>() ?? new TelemetryOptions();
        if (options.TraceSampleRatio is < 0 or > 1 || double.IsNaN(options.TraceSampleRatio))
        {
            throw new StartupException($"{TelemetryOptions.Section}:TraceSampleRatio must be between 0 and 1.");
        }
        if (options.Otlp.Protocol is not ("grpc" or "http/protobuf"))
        {
            throw new StartupException($"{TelemetryOptions.Section}:Otlp:Protocol must be grpc or http/protobuf.");
        }
        if (options.Otlp.Endpoint.Trim() is { Length: > 0 } endpoint && !Uri.TryCreate(endpoint, UriKind.Absolute, out _))
        {
            throw new StartupException($"{TelemetryOptions.Section}:Otlp:Endpoint is not an absolute address: '{endpoint}'.");
        }
        if (options.Prometheus.Enabled)
        {
            if (!Uri.TryCreate(options.Prometheus.Url, UriKind.Absolute, out var url) || url.Scheme != Uri.UriSchemeHttp || url.IsDefaultPort
                || url.AbsolutePath != "/")
            {
                throw new StartupException(
                    $"{TelemetryOptions.Section}:Prometheus:Url must be http://address:port with an explicit port, e.g. http://127.0.0.1:9464.");
            }
            if (!options.Prometheus.Path.StartsWith('/'))
            {
                throw new StartupException($"{TelemetryOptions.Section}:Prometheus:Path must start with '/'.");
            }
        }
        return options;
    }
}

/// <summary>The scrape endpoint's port, and whether the API's own addresses use it too (then it serves both).</summary>
internal sealed record ScrapePortUse(int Port, bool Shared);
