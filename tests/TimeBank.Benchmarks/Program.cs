using BenchmarkDotNet.Running;

namespace TimeBank.Benchmarks;

internal static class BenchmarkProgram
{
    // Pick benchmarks with --filter, e.g. `dotnet run -c Release --project tests/TimeBank.Benchmarks -- --filter '*'`.
    // `-- transport` runs the GraphQL transport load driver instead (see Transport/TransportBenchmark.cs).
    public static void Main(string[] args)
    {
        if (args.Length > 0 && args[0] == "transport") { Transport.TransportBenchmark.RunAsync(args[1..]).GetAwaiter().GetResult(); return; }
        BenchmarkSwitcher.FromAssembly(typeof(BenchmarkProgram).Assembly).Run(args);
    }
}
