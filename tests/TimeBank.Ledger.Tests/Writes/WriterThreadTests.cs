using System.Globalization;
using TimeBank.Ledger.Tests.Infrastructure;
using TimeBank.Ledger.Writes;

namespace TimeBank.Ledger.Tests.Writes;

/// <summary>
/// The writer's loop runs on a thread of its own, named, at the priority it asked for (or at the process's, saying why),
/// and the thread ends with the writer.
/// </summary>
public sealed class WriterThreadTests
{
    private sealed record Seen(Thread Thread, string? Name, bool IsBackground, bool IsThreadPoolThread, int? Nice);

    [Fact]
    public async Task EveryBatchRunsOnTheWritersOwnNamedBackgroundThread()
    {
        await using var db = await LedgerDatabase.CreateAsync();

        var first = await SeenByACallbackAsync(db);
        var second = await SeenByACallbackAsync(db);

        Assert.Equal((LedgerWriter<TestLedgerContext>.ThreadName, true, false), (first.Name, first.IsBackground, first.IsThreadPoolThread));
        Assert.Same(first.Thread, second.Thread);
    }

    [Fact]
    public async Task TheThreadRunsAtTheNiceValueItAskedForOrAtTheProcesssAndSaysWhy()
    {
        await using var db = await LedgerDatabase.CreateAsync(writerOptions: new LedgerWriterOptions { ThreadNice = -3 });

        var seen = await SeenByACallbackAsync(db);
        var priority = db.Writer.Priority;

        Assert.Equal(-3, priority.Requested);
        if (!OperatingSystem.IsLinux())
        {
            Assert.Equal((null, false), (priority.Nice, priority.Raised));
        }
        else if (priority.Raised)
        {
            // Root, CAP_SYS_NICE or a nice limit that allows it: the thread itself runs there, and nothing else does.
            Assert.Equal((-3, (string?)null), (seen.Nice, priority.Error));
            Assert.Equal(ProcessNice(), ThreadNice("self"));
        }
        else
        {
            Assert.Equal((ProcessNice(), ProcessNice()), (seen.Nice, priority.Nice));
            Assert.NotNull(priority.Error);
        }
    }

    [Fact]
    public async Task ZeroAsksForNothing()
    {
        await using var db = await LedgerDatabase.CreateAsync(writerOptions: new LedgerWriterOptions { ThreadNice = 0 });

        var seen = await SeenByACallbackAsync(db);

        Assert.Equal((0, false, (string?)null), (db.Writer.Priority.Requested, db.Writer.Priority.Raised, db.Writer.Priority.Error));
        Assert.Equal(OperatingSystem.IsLinux() ? ProcessNice() : null, seen.Nice);
    }

    [Fact]
    public async Task DisposingTheWriterEndsItsThread()
    {
        var db = await LedgerDatabase.CreateAsync();
        await using var _ = db;
        var seen = await SeenByACallbackAsync(db);

        await db.Writer.DisposeAsync();

        Assert.True(seen.Thread.Join(TimeSpan.FromSeconds(10)));
    }

    [Theory]
    [InlineData(-21)]
    [InlineData(20)]
    public async Task ANiceValueOutsideLinuxsRangeIsRefusedBeforeAThreadStarts(int nice)
    {
        await using var db = await LedgerDatabase.CreateAsync();

        Assert.Throws<ArgumentOutOfRangeException>(() => new LedgerWriter<TestLedgerContext>(db.CreateContext, options: new LedgerWriterOptions { ThreadNice = nice }));
    }

    [Fact]
    public void ARefusalTellsTheOperatorWhatToGrant()
    {
        var refused = new WriterThreadPriority(-10, 0, "EACCES");

        Assert.False(refused.Raised);
        Assert.Contains("refused (EACCES)", refused.ToString(), StringComparison.Ordinal);
        Assert.Contains("CAP_SYS_NICE", refused.ToString(), StringComparison.Ordinal);
        // RLIMIT_NICE's ceiling is 20 minus the limit: nice -10 needs 30.
        Assert.Contains("LimitNICE=-10, ulimit -e 30", refused.ToString(), StringComparison.Ordinal);
        Assert.Equal("at nice -10", (refused with { Nice = -10, Error = null }).ToString());
    }

    /// <summary>What the thread running a write's callback is, read from inside it.</summary>
    private static async Task<Seen> SeenByACallbackAsync(LedgerDatabase db)
    {
        Seen? seen = null;
        var from = await db.OpenAccountAsync(db.NextKey("from"));
        var to = await db.OpenAccountAsync(db.NextKey("to"));
        await db.Writer.SubmitAsync(db.Transfer(from, to, 1), (_, _, _) =>
        {
            var thread = Thread.CurrentThread;
            seen = new Seen(thread, thread.Name, thread.IsBackground, thread.IsThreadPoolThread,
                OperatingSystem.IsLinux() ? ThreadNice("thread-self") : null);
            return Task.CompletedTask;
        });
        return seen ?? throw new InvalidOperationException("the callback did not run");
    }

    private static int ProcessNice() => ThreadNice("self");

    /// <summary>The nice value in <c>/proc/&lt;which&gt;/stat</c>: the 19th field, the 17th after the name's closing parenthesis.</summary>
    private static int ThreadNice(string which)
    {
        var stat = File.ReadAllText($"/proc/{which}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return int.Parse(fields[16], CultureInfo.InvariantCulture);
    }
}
