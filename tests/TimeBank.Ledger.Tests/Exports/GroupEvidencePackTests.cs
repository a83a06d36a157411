using System.IO.Compression;
using Microsoft.EntityFrameworkCore;
using TimeBank.Ledger.Exports;
using TimeBank.Ledger.Model;
using TimeBank.Ledger.Reads;
using TimeBank.Ledger.Tests.Infrastructure;
using TimeBank.Ledger.Writes;
using TimeBank.Tests.Shared;

namespace TimeBank.Ledger.Tests.Exports;

/// <summary>
/// The evidence pack of one ledger group, checked by the verifier written outside C# (tests/verifier): a group with
/// transfers (memos with commas, quotes, line breaks and characters beyond the BMP), reversals, holds pending and posted,
/// a limit change and a closed period, beside a second group that must stay out of the pack.
/// </summary>
public sealed class GroupEvidencePackTests : IAsyncLifetime
{
    private const string OtherGroup = "community-2";
    private LedgerDatabase _db = null!;
    private readonly List<long> _accounts = [];

    public async Task InitializeAsync()
    {
        _db = await LedgerDatabase.CreateAsync(preferMemoryBackedFolder: true);
        await SeedAsync();
    }

    public async Task DisposeAsync() => await _db.DisposeAsync();

    [Fact]
    public async Task TheOutsideVerifierRecomputesTheChainAndEveryBalance()
    {
        var (pack, manifest) = await ExportAsync(_db.Clock.GetUtcNow());

        var (exitCode, summary) = await OutsideVerifier.RunAsync(pack);

        Assert.True(exitCode == 0, summary.ToJsonString());
        await using var context = _db.CreateContext();
        var chain = await context.VerifyLedgerGroupChainAsync(LedgerDatabase.Group, null, null);
        Assert.True(chain.IsValid);
        Assert.Equal((chain.Head!.Position, chain.Head.Hash), (manifest.ChainHeadPosition, manifest.ChainHeadHash));
        Assert.Equal(chain.Head.Position, (long)summary["chain_head"]!["position"]!);
        Assert.Equal(chain.Head.Hash, (string?)summary["chain_head"]!["hash"]);
        Assert.Equal(1, manifest.Counts.PeriodCloses);
        Assert.True(manifest.Counts.LimitChanges >= 2, "the opening limits and the change");
        Assert.Equal(0, manifest.Counts.BalanceSumMinutes);
        foreach (var accountId in _accounts)
        {
            var account = await _db.AccountAsync(accountId);
            Assert.Equal(account.BalanceMinutes, (long)summary["balances"]![HledgerJournalExport.AccountName(account.LedgerGroup, account.Code)]!);
        }
        Assert.DoesNotContain(summary["balances"]!.AsObject(), b => b.Key.StartsWith(OtherGroup, StringComparison.Ordinal));
    }

    [Fact]
    public async Task APackAsOfAnEarlierTimeIsTheChainAsItStoodThen()
    {
        var (_, whole) = await ExportAsync(_db.Clock.GetUtcNow());
        var (pack, manifest) = await ExportAsync(_cutBeforeTheClose);

        var (exitCode, summary) = await OutsideVerifier.RunAsync(pack);

        Assert.True(exitCode == 0, summary.ToJsonString());
        Assert.InRange(manifest.ChainHeadPosition, 1, whole.ChainHeadPosition - 1);
        Assert.Equal(0, manifest.Counts.PeriodCloses);
    }

    [Fact]
    public async Task AnAmountChangedInTheJournalFailsTheVerifierNamingTheEntry()
    {
        var (pack, _) = await ExportAsync(_db.Clock.GetUtcNow());
        long sequence = 0;
        var forged = OutsideVerifier.Forge(pack, "journal.csv", text =>
        {
            var lines = text.Split('\n');
            var target = Array.FindIndex(lines, 20, line => !line.Contains('"', StringComparison.Ordinal) && line.Contains(",Credit,", StringComparison.Ordinal));
            var fields = lines[target].Split(',');
            sequence = long.Parse(fields[3], System.Globalization.CultureInfo.InvariantCulture);
            fields[24] = (long.Parse(fields[24], System.Globalization.CultureInfo.InvariantCulture) + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
            lines[target] = string.Join(',', fields);
            return string.Join('\n', lines);
        });

        var (exitCode, summary) = await OutsideVerifier.RunAsync(forged);

        Assert.Equal(1, exitCode);
        var problems = summary["problems"]!.AsArray().Select(p => (string?)p!["record"]).ToList();
        Assert.Contains($"entry {sequence}", problems);
        Assert.DoesNotContain(problems, p => p!.StartsWith("file ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AFileThatDisagreesWithTheManifestFailsTheVerifierNamingTheFile()
    {
        var (pack, _) = await ExportAsync(_db.Clock.GetUtcNow());
        var forged = OutsideVerifier.Forge(pack, "README.txt", text => text + "\nadded later\n");
        // Forge re-hashes the manifest; put the original hash back, as a forger who forgot it would leave it.
        using (var original = ZipFile.OpenRead(pack))
        using (var copy = ZipFile.Open(forged, ZipArchiveMode.Update))
        {
            copy.GetEntry("manifest.json")!.Delete();
            using var reader = new StreamReader(original.GetEntry("manifest.json")!.Open());
            using var writer = new StreamWriter(copy.CreateEntry("manifest.json").Open());
            await writer.WriteAsync(await reader.ReadToEndAsync());
        }

        var (exitCode, summary) = await OutsideVerifier.RunAsync(forged);

        Assert.Equal(1, exitCode);
        Assert.Contains(summary["problems"]!.AsArray(), p => (string?)p!["record"] == "file README.txt");
    }

    [Fact]
    public async Task TheSameCutGivesTheSameBytes()
    {
        var asOf = _db.Clock.GetUtcNow();
        var (first, _) = await ExportAsync(asOf);
        var (second, _) = await ExportAsync(asOf);

        Assert.Equal(await File.ReadAllBytesAsync(first), await File.ReadAllBytesAsync(second));
    }

    [Fact]
    public async Task AnExportStopsWhenItsReaderGoesAway()
    {
        using var goneAway = new CancellationTokenSource();
        await using var context = _db.CreateContext();
        // The first bytes that reach the output are the last the client takes, as when a download is abandoned.
        await using var output = new CancelOnWriteStream(goneAway);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            context.WriteEvidencePackAsync(LedgerDatabase.Group, _db.Clock.GetUtcNow(), output, goneAway.Token));

        Assert.Equal(1, output.Writes);
        Assert.Null(context.Database.CurrentTransaction);
        Assert.Equal(System.Data.ConnectionState.Closed, context.Database.GetDbConnection().State);
    }

    private DateTimeOffset _cutBeforeTheClose;

    private async Task<(string Path, EvidencePackManifest Manifest)> ExportAsync(DateTimeOffset asOf)
    {
        var path = Path.Combine(_db.Folder, $"pack-{Guid.NewGuid():N}.zip");
        await using var file = File.Create(path);
        await using var forwardOnly = new ForwardOnlyStream(file);
        await using var context = _db.CreateContext();
        var manifest = await context.WriteEvidencePackAsync(LedgerDatabase.Group, asOf, forwardOnly);
        return (path, manifest);
    }

    private async Task SeedAsync()
    {
        var random = new Random(1414);
        var issuance = await _db.OpenAccountAsync("issuance", null, null, AccountKind.Issuance);
        _accounts.Add(issuance);
        _accounts.Add(await _db.OpenAccountAsync("fund", null, null, AccountKind.Fund));
        for (var i = 0; i < 6; i++)
        {
            var member = await _db.OpenAccountAsync($"member {i}", -300, 900);
            _accounts.Add(member);
            await _db.FundAsync(issuance, member, 120);
        }
        var x = await _db.OpenAccountAsync("x", null, null, AccountKind.Issuance, OtherGroup);
        var y = await _db.OpenAccountAsync("y", null, null, AccountKind.Member, OtherGroup);
        string?[] memos = [null, "help, with \"quotes\"", "naïve 🙂; line\nbreak", "", "plain"];
        var entries = new List<long>();
        for (var step = 0; step < 200; step++)
        {
            if (step == 80)
            {
                Assert.True((await _db.SubmitAsync(new SetAccountLimits(_accounts[3], -600, 1200) { IdempotencyKey = _db.NextKey("limits"), ActorId = "admin" })).Succeeded);
            }
            if (step == 120)
            {
                _db.Clock.Advance(TimeSpan.FromHours(1));
                _cutBeforeTheClose = _db.Clock.GetUtcNow();
                _db.Clock.Advance(TimeSpan.FromHours(1));
                var close = await _db.SubmitAsync(new ClosePeriod(LedgerDatabase.Group, _db.Clock.GetUtcNow()) { IdempotencyKey = _db.NextKey("close"), ActorId = "admin" });
                Assert.Equal(LedgerStatus.Ok, close.Status);
                _db.Clock.Advance(TimeSpan.FromMinutes(5));
            }
            _db.Clock.Advance(TimeSpan.FromSeconds(30));
            var debit = _accounts[2 + random.Next(6)];
            var credit = _accounts[2 + random.Next(6)];
            LedgerCommand command = random.Next(10) switch
            {
                0 when entries.Count > 0 => new ReverseEntry(entries[random.Next(entries.Count)]) { IdempotencyKey = "", ActorId = "" },
                1 => new PlaceHold(debit, credit, random.Next(1, 30)) { IdempotencyKey = "", ActorId = "" },
                2 => _db.Transfer(x, y, 7),
                _ => _db.Transfer(debit, credit, random.Next(1, 40)) with { Memo = memos[random.Next(memos.Length)] },
            };
            var result = await _db.SubmitAsync(command with { IdempotencyKey = _db.NextKey("h"), ActorId = "sim" });
            if (result.HoldId is { } holdId && random.Next(2) == 0)
            {
                result = await _db.SubmitAsync(new PostHold(holdId, random.Next(1, 10)) { IdempotencyKey = _db.NextKey("p"), ActorId = "sim" });
            }
            if (result.EntrySequence is { } sequence)
            {
                entries.Add(sequence);
            }
        }
    }

    /// <summary>An output whose reader leaves after the first write: it cancels the export's token and takes nothing more.</summary>
    private sealed class CancelOnWriteStream(CancellationTokenSource goneAway) : Stream
    {
        public int Writes { get; private set; }

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            // Takes every write without complaint: the export itself must notice the token and stop.
            Writes++;
            await goneAway.CancelAsync();
        }

        public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public override void Flush() => throw new InvalidOperationException("a synchronous flush");

        public override void Write(byte[] buffer, int offset, int count) => throw new InvalidOperationException("a synchronous write");

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
