using BenchmarkDotNet.Running;
using TimeBank.Benchmarks.Ledger;

namespace TimeBank.Benchmarks;

internal static class BenchmarkProgram
{
    // Pick benchmarks with --filter, e.g. `dotnet run -c Release --project tests/TimeBank.Benchmarks -- --filter '*'`.
    // `-- ledger` runs the ledger's load driver instead (concurrent callers and latency percentiles).
    public static async Task Main(string[] args)
    {
        if (args.Length > 0 && args[0] == "ledger")
        {
            await LedgerLoadDriver.RunAsync(args[1..]);
            return;
        }
        BenchmarkSwitcher.FromAssembly(typeof(BenchmarkProgram).Assembly).Run(args);
    }
}
