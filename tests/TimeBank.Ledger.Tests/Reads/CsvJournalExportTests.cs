using TimeBank.Ledger.Reads;
using TimeBank.Ledger.Tests.Infrastructure;

namespace TimeBank.Ledger.Tests.Reads;

public sealed class CsvJournalExportTests : IAsyncLifetime
{
    private LedgerDatabase _db = null!;

    public async Task InitializeAsync() => _db = await LedgerDatabase.CreateAsync();

    public async Task DisposeAsync() => await _db.DisposeAsync();

    [Fact]
    public async Task WritesOneQuotedLinePerPosting()
    {
        var alice = await _db.OpenAccountAsync("alice");
        var bob = await _db.OpenAccountAsync("bob");
        await _db.SubmitAsync(_db.Transfer(alice, bob, 30, "k1") with { Memo = "coats, \"warm\" ones" });

        await using var context = _db.CreateContext();
        await using var output = new StringWriter();
        await context.WriteCsvJournalAsync(output);

        var lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(CsvJournalExport.Header, lines[0]);
        Assert.Equal(3, lines.Length);
        Assert.StartsWith("1,2026-11-25T09:00:00.000Z,2026-11-25T09:00:00.000Z,Exchange,\"coats, \"\"warm\"\" ones\",member-1,member-1,,k1,,,,", lines[1], StringComparison.Ordinal);
        Assert.EndsWith($",0,{alice},community-1,alice,Debit,30,-30", lines[1], StringComparison.Ordinal);
        Assert.EndsWith($",1,{bob},community-1,bob,Credit,30,30", lines[2], StringComparison.Ordinal);
        await _db.AssertBalancesAsync((alice, -30), (bob, 30));
    }
}
