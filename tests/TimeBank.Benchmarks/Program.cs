using BenchmarkDotNet.Running;

namespace TimeBank.Benchmarks;

internal static class BenchmarkProgram
{
    // Pick benchmarks with --filter, e.g. `dotnet run -c Release --project tests/TimeBank.Benchmarks -- --filter '*'`.
    public static void Main(string[] args) => BenchmarkSwitcher.FromAssembly(typeof(BenchmarkProgram).Assembly).Run(args);
}
