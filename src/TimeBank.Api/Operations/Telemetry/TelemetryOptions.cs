namespace TimeBank.Api.Operations.Telemetry;

/// <summary>
/// The <c>Telemetry</c> configuration section: whether the API measures itself, where a Prometheus server scrapes the
/// metrics, and where an OpenTelemetry collector receives metrics and traces.
/// </summary>
public sealed class TelemetryOptions
{
    public const string Section = "Telemetry";

    /// <summary>Collect metrics (and traces, when they have somewhere to go). Off: no OpenTelemetry at all.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>The Prometheus scrape endpoint: off unless turned on, and then on its own loopback port.</summary>
    public PrometheusOptions Prometheus { get; set; } = new();

    /// <summary>OTLP export of metrics and traces: off unless an endpoint is set.</summary>
    public OtlpOptions Otlp { get; set; } = new();

    /// <summary>Share of traces kept (0 to 1) when the caller sent no sampling decision of its own.</summary>
    public double TraceSampleRatio { get; set; } = 1.0;
}

/// <summary>The <c>Telemetry:Prometheus</c> section.</summary>
public sealed class PrometheusOptions
{
    /// <summary>Serve the scrape endpoint. Off by default: metrics tell load and failure rates to whoever reads them.</summary>
    public bool Enabled { get; set; }

    /// <summary>
    /// Where the endpoint listens, added to the API's own addresses: only requests that arrive on this port reach it,
    /// and this port answers nothing else. Loopback by default; set <c>http://0.0.0.0:9464</c> for a Prometheus on
    /// another host (and keep that port off the public network). The same port as the API's serves it beside the API.
    /// </summary>
    public string Url { get; set; } = "http://127.0.0.1:9464";

    /// <summary>The scrape path.</summary>
    public string Path { get; set; } = "/metrics";
}

/// <summary>The <c>Telemetry:Otlp</c> section (the standard <c>OTEL_EXPORTER_OTLP_*</c> variables work too).</summary>
public sealed class OtlpOptions
{
    /// <summary>The collector's base address, e.g. <c>http://127.0.0.1:4317</c>; empty: no export (unless OTEL_EXPORTER_OTLP_ENDPOINT is set).</summary>
    public string Endpoint { get; set; } = "";

    /// <summary><c>grpc</c> (port 4317 by convention) or <c>http/protobuf</c> (port 4318).</summary>
    public string Protocol { get; set; } = "grpc";
}
