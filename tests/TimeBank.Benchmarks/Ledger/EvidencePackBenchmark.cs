using System.Diagnostics;
using System.Globalization;
using System.IO.Compression;
using Microsoft.Data.Sqlite;
using TimeBank.Ledger.Exports;

namespace TimeBank.Benchmarks.Ledger;

/// <summary>
/// The evidence pack of a large ledger group: <c>dotnet run -c Release --project tests/TimeBank.Benchmarks -- evidence-pack
/// [--postings N] [--accounts N] [--dir PATH] [--keep]</c> (default 1,000,000 postings, 10,000 accounts). Seeds the group
/// through the real writer, then writes the pack to a forward-only stream (as an HTTP response is) while sampling the
/// managed heap and the process's working set, and reports both above the idle process measured just before; then times
/// <c>hledger -f journal.hledger stats</c> reading the pack's own hledger file back, the baseline of the same run.
/// </summary>
internal static class EvidencePackBenchmark
{
    public static async Task RunAsync(string[] args)
    {
        var postings = BenchArgs.Option(args, "--postings", 1_000_000);
        var accountCount = BenchArgs.Option(args, "--accounts", 10_000);
        var root = BenchArgs.OptionText(args, "--dir") ?? Path.GetTempPath();
        var folder = Path.Combine(root, "timebank-evidence-pack-bench", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        Console.WriteLine($"evidence pack: {postings:N0} postings over {accountCount:N0} accounts, {Environment.ProcessorCount} cores, files in {folder}");
        try
        {
            var options = LedgerBenchContext.Options($"Data Source={Path.Combine(folder, "ledger.db")}");
            await LargeGroup.SeedAsync(options, postings, accountCount);

            var pack = Path.Combine(folder, "evidence-pack.zip");
            var (idleHeap, idleWorkingSet) = Idle();
            using var sampler = new PeakSampler();
            var export = Stopwatch.StartNew();
            EvidencePackManifest manifest;
            await using (var context = new LedgerBenchContext(options))
            await using (var file = new FileStream(pack, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true))
            await using (var forwardOnly = new ForwardOnlyStream(file))
            {
                manifest = await context.WriteEvidencePackAsync(LargeGroup.Name, DateTimeOffset.UtcNow, forwardOnly);
            }
            export.Stop();
            var (peakHeap, peakWorkingSet) = await sampler.StopAsync();

            var hledgerFile = Path.Combine(folder, "journal.hledger");
            using (var zip = ZipFile.OpenRead(pack))
            {
                zip.GetEntry("journal.hledger")!.ExtractToFile(hledgerFile);
            }
            var hledger = await TimeHledgerAsync(hledgerFile);

            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"pack: {manifest.Counts.Entries:N0} entries, {manifest.Counts.Postings:N0} postings, {manifest.Counts.Links:N0} links, " +
                $"{new FileInfo(pack).Length / 1e6:0.0} MB zipped ({manifest.Files.Sum(f => f.Bytes) / 1e6:0.0} MB of files)"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"export: {export.Elapsed.TotalSeconds:0.00} s"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"memory above idle: managed heap peak +{(peakHeap - idleHeap) / 1e6:0.0} MB (idle {idleHeap / 1e6:0.0} MB), " +
                $"working set peak +{(peakWorkingSet - idleWorkingSet) / 1e6:0.0} MB (idle {idleWorkingSet / 1e6:0.0} MB)"));
            if (hledger is { } seconds)
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"hledger -f journal.hledger stats: {seconds:0.00} s; export / hledger read: {export.Elapsed.TotalSeconds / seconds:0.00}x"));
            }
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            if (!args.Contains("--keep"))
            {
                Directory.Delete(folder, recursive: true);
            }
        }
    }

    private static (long Heap, long WorkingSet) Idle()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        using var process = Process.GetCurrentProcess();
        return (GC.GetTotalMemory(forceFullCollection: true), process.WorkingSet64);
    }

    private static async Task<double?> TimeHledgerAsync(string file)
    {
        var start = new ProcessStartInfo("hledger") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { "-f", file, "stats" })
        {
            start.ArgumentList.Add(argument);
        }
        try
        {
            var watch = Stopwatch.StartNew();
            using var hledger = Process.Start(start)!;
            var stderr = hledger.StandardError.ReadToEndAsync();
            await hledger.StandardOutput.ReadToEndAsync();
            await hledger.WaitForExitAsync();
            watch.Stop();
            if (hledger.ExitCode != 0)
            {
                Console.WriteLine($"hledger failed ({hledger.ExitCode}): {await stderr}");
                return null;
            }
            return watch.Elapsed.TotalSeconds;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            Console.WriteLine("hledger is not on PATH: no baseline");
            return null;
        }
    }

    /// <summary>Samples the managed heap and the working set every 5 ms until stopped, keeping the peaks.</summary>
    private sealed class PeakSampler : IDisposable
    {
        private readonly CancellationTokenSource _stop = new();
        private readonly Task _sampling;
        private long _heap;
        private long _workingSet;

        public PeakSampler() => _sampling = Task.Run(async () =>
        {
            using var process = Process.GetCurrentProcess();
            while (!_stop.IsCancellationRequested)
            {
                process.Refresh();
                _heap = Math.Max(_heap, GC.GetTotalMemory(forceFullCollection: false));
                _workingSet = Math.Max(_workingSet, process.WorkingSet64);
                try
                {
                    await Task.Delay(5, _stop.Token);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
            }
        });

        public async Task<(long Heap, long WorkingSet)> StopAsync()
        {
            await _stop.CancelAsync();
            await _sampling;
            return (_heap, _workingSet);
        }

        public void Dispose() => _stop.Dispose();
    }

    /// <summary>A file that cannot seek, as a network stream: the zip must be written forward only.</summary>
    private sealed class ForwardOnlyStream(Stream inner) : Stream
    {
        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public override void Flush() => throw new InvalidOperationException("synchronous flush: an HTTP response would refuse it");

        public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);

        public override void Write(byte[] buffer, int offset, int count) =>
            throw new InvalidOperationException("synchronous write: an HTTP response would refuse it");

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) =>
            inner.WriteAsync(buffer, cancellationToken);

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            inner.WriteAsync(buffer, offset, count, cancellationToken);

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
