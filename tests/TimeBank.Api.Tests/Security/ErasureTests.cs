using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TimeBank.Api.Data;
using TimeBank.Api.Tests.Infrastructure;
using TimeBank.Ledger.Reads;

namespace TimeBank.Api.Tests.Security;

/// <summary>
/// After <c>eraseMember</c> no word the member wrote, or that was written about them, is left anywhere: not in any
/// text column of any table (found through sqlite_master, so a new table is searched too), and not in the bytes of
/// timebank.db, -wal or -shm (UTF-8 and UTF-16, as written and lower-cased the way the search index keeps words).
/// The ledger's amounts, parties and hashes stay: it reconciles and its chain verifies. Each secret is a word used
/// in one place only, so a failure names what was left. To cover a new place personal text is kept, write a new
/// secret there in <see cref="InitializeAsync"/>.
/// </summary>
public sealed class ErasureTests : IAsyncLifetime
{
    private static readonly string[] Secrets =
    [
        "zelda.quillfeather", // email
        "Quillfeather", // display name
        "xylophonist", // bio
        "Marrowbone", // neighbourhood, of the profile and the listing
        "vespertine", // availability
        "zitherplay", // skill tag
        "Barnaby", // suspension and reinstatement reasons
        "Quokka", // listing title
        "Wombat", // listing description
        "platypus", // listing tag
        "Ignatius", // description of an exchange she provided
        "Cressida", // her completion note
        "Thaddeus", // the other party's dispute reason
        "Ottoline", // the coordinator's resolution note
        "Marzipan", // her feedback
        "Persimmon", // feedback about her
        "Harpsichord", // description of an exchange she proposed and received
        "Lysander", // the other party's completion note
        "Eglantine", // her acknowledgement note
        "Ptolemy", // description (and ledger memo) of an exchange she recorded
        "Quintus", // her idempotency key for it
        "Gargoyle", // description of a group exchange she gave
        "Nasturtium", // her completion note of it
        "Bergamot", // her idempotency key for it
        "Tamarind", // the note of a contribution she logged
        "Quillwort", // the reason it was rejected (on the contribution and in the audit trail)
        "Samphire", // the note of a contribution of hers that was verified
    ];

    private readonly TimeBankApplication _app = new();
    private TestCommunity _riverside = null!;
    private string _zelda = "";
    private string _zeldaToken = "";

    public async Task InitializeAsync()
    {
        var admin = await _app.RegisterAsync(TimeBankApplication.AdminEmail);
        _riverside = await TestCommunity.CreateAsync(_app, admin, "riverside", "tom");
        var coordinator = _riverside.People["coordinator"].Token;
        var (tom, tomId) = _riverside.People["tom"];
        _zeldaToken = await _app.RegisterAsync("zelda.quillfeather@test.local");
        _zelda = await TestCommunity.JoinAsync(_app, _zeldaToken, _riverside.Id, "Zelda Quillfeather");
        await Ok("approveMember", new { memberId = _zelda }, coordinator);
        await Ok("updateProfile", new
        {
            memberId = _zelda,
            bio = "Retired xylophonist",
            neighbourhood = "Marrowbone Lane",
            availability = "vespertine hours",
            skillTags = new[] { "zitherplay" },
        }, _zeldaToken);
        await Ok("suspendMember", new { memberId = _zelda, reason = "shouted at Barnaby" }, coordinator);
        await Ok("reinstateMember", new { memberId = _zelda, reason = "apologised to Barnaby" }, coordinator);
        // The suspension ended her sessions.
        _zeldaToken = await _app.LoginAsync("zelda.quillfeather@test.local");

        var categories = await _app.GraphQLAsync("query { community(slug: \"riverside\") { categories { id } } }", token: admin);
        var listing = await Ok("createListing", new
        {
            communityId = _riverside.Id,
            kind = "OFFER",
            title = "Quokka grooming lessons",
            description = "Wombat-friendly methods",
            categoryId = (string)categories["data"]!["community"]!["categories"]![0]!["id"]!,
            tags = new[] { "platypus" },
            neighbourhood = "Marrowbone Lane",
        }, _zeldaToken, "listing { id }");

        // Tom asks for her offer; she completes, he disputes, the coordinator settles; both leave feedback.
        var asked = await Ok("requestExchange", new { listingId = (string)listing["listing"]!["id"]!, minutes = 30, description = "lessons for Ignatius" }, tom, "exchange { id }");
        var first = (string)asked["exchange"]!["id"]!;
        await Ok("acceptExchange", new { exchangeId = first }, _zeldaToken);
        await Ok("completeExchange", new { exchangeId = first, minutes = 30, note = "Cressida helped" }, _zeldaToken);
        await Ok("disputeExchange", new { exchangeId = first, reason = "Thaddeus says it was shorter" }, tom);
        await Ok("resolveDispute", new { exchangeId = first, minutes = 20, note = "Ottoline agreed" }, coordinator);
        await Ok("leaveFeedback", new { exchangeId = first, rating = 5, note = "paid in Marzipan" }, _zeldaToken);
        await Ok("leaveFeedback", new { exchangeId = first, rating = 4, note = "Persimmon jam" }, tom);

        // She asks Tom for help; he completes, she acknowledges.
        var proposed = await Ok("proposeExchange", new { counterpartMemberId = tomId, myRole = "RECEIVER", minutes = 40, description = "Harpsichord tuning" }, _zeldaToken, "exchange { id }");
        var second = (string)proposed["exchange"]!["id"]!;
        await Ok("acceptExchange", new { exchangeId = second }, tom);
        await Ok("completeExchange", new { exchangeId = second, minutes = 40, note = "Lysander held the ladder" }, tom);
        await Ok("acknowledgeExchange", new { exchangeId = second, note = "Eglantine approves" }, _zeldaToken);

        // And she records one that already happened.
        await Ok("recordExchange", new { providerMemberId = tomId, minutes = 15, description = "walked Ptolemy the ferret", idempotencyKey = "Quintus-1" }, _zeldaToken);

        // She gives a workshop to tom and the coordinator; tom comes and acknowledges, the coordinator never answers.
        var group = await Ok("proposeGroupExchange", new
        {
            communityId = _riverside.Id,
            description = "Gargoyle carving",
            shares = new[] { new { receiverMemberId = tomId, minutes = 20 }, new { receiverMemberId = _riverside.People["coordinator"].MemberId, minutes = 20 } },
            idempotencyKey = "Bergamot-1",
        }, _zeldaToken, "groupExchange { id shares { id } }");
        var tomsShare = (string)group["groupExchange"]!["shares"]![0]!["id"]!;
        await Ok("acceptExchange", new { exchangeId = tomsShare }, tom);
        await Ok("completeGroupExchange", new { groupExchangeId = (string)group["groupExchange"]!["id"]!, note = "Nasturtium tea after" }, _zeldaToken);
        await Ok("acknowledgeExchange", new { exchangeId = tomsShare }, tom);

        // She works on a challenge tom leads: one contribution rejected with a reason, one verified and paid.
        var categoryId = (string)categories["data"]!["community"]!["categories"]![0]!["id"]!;
        var challenge = (string)(await Ok("proposeChallenge",
            new { communityId = _riverside.Id, title = "Clean the brook", needs = new[] { new { categoryId, minutes = 120 } } }, tom, "challenge { id }"))["challenge"]!["id"]!;
        await Ok("approveChallenge", new { challengeId = challenge }, coordinator);
        await Ok("donateToChallenge", new { challengeId = challenge, minutes = 30 }, tom);
        var rejected = (string)(await Ok("logContribution", new { challengeId = challenge, categoryId, minutes = 45, note = "Tamarind pickers" }, _zeldaToken,
            "contribution { id }"))["contribution"]!["id"]!;
        await Ok("rejectContribution", new { contributionId = rejected, reason = "Quillwort was not on the list" }, coordinator);
        var verified = (string)(await Ok("logContribution", new { challengeId = challenge, categoryId, minutes = 30, note = "Samphire beds" }, _zeldaToken,
            "contribution { id }"))["contribution"]!["id"]!;
        await Ok("verifyContribution", new { contributionId = verified }, tom);
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task LeavesNoTraceOfTheMemberInAnyTableOrFileAndTheLedgerStillVerifies()
    {
        Assert.NotEmpty(FindInFiles()); // the secrets are there to be found before

        await Ok("eraseMember", new { memberId = _zelda }, _zeldaToken);

        var inFiles = FindInFiles();
        Assert.True(inFiles.Count == 0, "left in the files: " + string.Join(", ", inFiles));
        var inTables = FindInTables();
        Assert.True(inTables.Count == 0, "left in the tables: " + string.Join(", ", inTables));
        var contexts = _app.Services.GetRequiredService<IDbContextFactory<TimeBankDbContext>>();
        await using var db = await contexts.CreateDbContextAsync();
        Assert.Empty(await db.ReconcileLedgerAsync());
        Assert.True((await db.VerifyLedgerChainAsync()).IsValid);
        // Her balance is what the exchanges left: 60 granted, +20, -40, -15, +20 from tom's share of her workshop, and the
        // 30 minutes the challenge's pool paid for her verified contribution.
        var zelda = await db.Members.AsNoTracking().SingleAsync(m => m.DisplayName.StartsWith("Erased member"));
        Assert.Equal(75, (await db.FindLedgerAccountAsync(zelda.AccountId!.Value))!.BalanceMinutes);
        var listings = await _app.GraphQLAsync("query($c: ID!) { open: listings(communityId: $c) { totalCount } found: listings(communityId: $c, filter: { text: \"quokka\", status: CLOSED }) { totalCount } }",
            new { c = _riverside.Id }, _riverside.People["coordinator"].Token);
        Assert.Equal(0, (int)listings["data"]!["open"]!["totalCount"]!);
        Assert.Equal(0, (int)listings["data"]!["found"]!["totalCount"]!);
    }

    /// <summary>The secrets whose bytes are in the database files, with the file and encoding.</summary>
    private List<string> FindInFiles()
    {
        var found = new List<string>();
        foreach (var suffix in new[] { "", "-wal", "-shm" })
        {
            var path = Path.Combine(_app.DataDirectory, "timebank.db" + suffix);
            if (!File.Exists(path))
            {
                continue;
            }
            using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            var bytes = new byte[file.Length];
            file.ReadExactly(bytes);
            foreach (var secret in Secrets)
            {
                foreach (var (encoding, text) in new[] { ("UTF-8", secret), ("UTF-8 lower-case", secret.ToLowerInvariant()) })
                {
                    foreach (var (name, encoded) in new[] { (encoding, Encoding.UTF8.GetBytes(text)), (encoding.Replace("UTF-8", "UTF-16", StringComparison.Ordinal), Encoding.Unicode.GetBytes(text)) })
                    {
                        if (bytes.AsSpan().IndexOf(encoded) >= 0)
                        {
                            found.Add($"{secret} in timebank.db{suffix} ({name})");
                        }
                    }
                }
            }
        }
        return found;
    }

    /// <summary>The secrets found in any text or blob value of any table the database has.</summary>
    private List<string> FindInTables()
    {
        using var connection = new SqliteConnection($"Data Source={Path.Combine(_app.DataDirectory, "timebank.db")};Pooling=False;Mode=ReadOnly");
        connection.Open();
        var tables = new List<string>();
        using (var list = connection.CreateCommand())
        {
            list.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table'";
            using var reader = list.ExecuteReader();
            while (reader.Read())
            {
                tables.Add(reader.GetString(0));
            }
        }
        Assert.Contains("LedgerEntries", tables);
        var found = new List<string>();
        foreach (var table in tables)
        {
            using var select = connection.CreateCommand();
            select.CommandText = $"SELECT * FROM \"{table}\"";
            using var reader = select.ExecuteReader();
            while (reader.Read())
            {
                for (var i = 0; i < reader.FieldCount; i++)
                {
                    var text = reader.GetValue(i) switch
                    {
                        string s => s,
                        byte[] blob => Encoding.UTF8.GetString(blob),
                        _ => null,
                    };
                    found.AddRange(Secrets.Where(s => text?.Contains(s, StringComparison.OrdinalIgnoreCase) == true)
                        .Select(s => $"{s} in {table}.{reader.GetName(i)}"));
                }
            }
        }
        return found;
    }

    private async Task<JsonNode> Ok(string mutation, object input, string token, string fields = "")
    {
        var response = await _app.GraphQLAsync(MutationDocument.For(mutation, $"{fields} errors {{ code message }}"), new { input }, token);
        return TestCommunity.Ok(response, mutation);
    }
}
