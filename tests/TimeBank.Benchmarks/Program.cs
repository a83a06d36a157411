using BenchmarkDotNet.Running;
using TimeBank.Benchmarks.Exchanges;
using TimeBank.Benchmarks.Hostile;
using TimeBank.Benchmarks.Identity;
using TimeBank.Benchmarks.Impact;
using TimeBank.Benchmarks.Ledger;
using TimeBank.Benchmarks.Matching;
using TimeBank.Benchmarks.ReadPath;
using TimeBank.Benchmarks.Retention;
using TimeBank.Benchmarks.Transport;

namespace TimeBank.Benchmarks;

internal static class BenchmarkProgram
{
    // Pick benchmarks with --filter, e.g. `dotnet run -c Release --project tests/TimeBank.Benchmarks -- --filter '*'`.
    // `-- ledger`, `-- trial-balance`, `-- reconcile-group`, `-- transport`, `-- matching`, `-- settle` and `-- login-timing` run load drivers instead (concurrent callers, latency percentiles);
    // `-- hostile` measures what hostile GraphQL documents cost the API; `-- evidence-pack` the export of a large ledger group;
    // `-- impact` communityImpact over 12 of 24 months on 1,000,000 postings.
    public static async Task Main(string[] args)
    {
        switch (args.FirstOrDefault())
        {
            case "ledger":
                await LedgerLoadDriver.RunAsync(args[1..]);
                return;
            case "trial-balance":
                await TrialBalanceBenchmark.RunAsync(args[1..]);
                return;
            case "reconcile-group":
                await GroupReconcileBenchmark.RunAsync(args[1..]);
                return;
            case "transport":
                await TransportBenchmark.RunAsync(args[1..]);
                return;
            case "matching":
                await MatchingBenchmark.RunAsync(args[1..]);
                return;
            case "settle":
                await SettleBenchmark.RunAsync(args[1..]);
                return;
            case "settle-telemetry":
                await SettleTelemetryBenchmark.RunAsync(args[1..]);
                return;
            case "login-timing":
                await LoginTimingBenchmark.RunAsync(args[1..]);
                return;
            case "evidence-pack":
                await EvidencePackBenchmark.RunAsync(args[1..]);
                return;
            case "impact":
                await ImpactBenchmark.RunAsync(args[1..]);
                return;
            case "reads":
                await ReadPathBenchmark.RunAsync(args[1..]);
                return;
            case "retention-growth":
                await RetentionGrowthBenchmark.RunAsync(args[1..]);
                return;
            case "hostile":
                await HostileBenchmark.RunAsync(args[1..]);
                return;
            default:
                BenchmarkSwitcher.FromAssembly(typeof(BenchmarkProgram).Assembly).Run(args);
                return;
        }
    }
}
