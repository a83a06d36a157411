using System.Globalization;
using System.Reflection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TimeBank.Api.Data;
using TimeBank.Api.Data.Entities;
using TimeBank.Api.Features.Exchanges;
using TimeBank.Ledger.Writes;

namespace TimeBank.Api.Tests.Features.Exchanges;

/// <summary>
/// The table of <see cref="ExchangeStateMachine"/> against what the API does. Every row is taken from every state by
/// the party it names, through the real mutation (the auto-acknowledge row through the job's own call): from a state
/// the row leaves, the step succeeds, reaches the row's state and writes on the ledger what the row says; from any
/// other state it is WRONG_STATUS and changes nothing (the state it leads to is a repeat, Security/RepeatedStepTests'
/// concern); by a party the row does not name, FORBIDDEN. To add a row, add how it is taken to <see cref="Steps"/> or
/// <see cref="StartAsync"/>; <see cref="EveryRowIsTakenHere"/> fails until then.
/// </summary>
public sealed class ExchangeStateMachineTests(ExchangesFixture bank) : IClassFixture<ExchangesFixture>
{
    /// <summary>The table's rows by their names in <see cref="ExchangeStateMachine"/>.</summary>
    private static readonly Dictionary<string, ExchangeMove> Rows = typeof(ExchangeStateMachine)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Where(f => f.FieldType == typeof(ExchangeMove))
        .ToDictionary(f => f.Name, f => (ExchangeMove)f.GetValue(null)!);

    /// <summary>How each step on an existing exchange is taken: its mutation and input; no mutation for the job.</summary>
    private static readonly Dictionary<string, (string? Mutation, Func<string, object>? Input)> Steps = new()
    {
        [nameof(ExchangeStateMachine.Accept)] = ("acceptExchange", id => new { exchangeId = id }),
        [nameof(ExchangeStateMachine.Decline)] = ("declineExchange", id => new { exchangeId = id }),
        [nameof(ExchangeStateMachine.Cancel)] = ("cancelExchange", id => new { exchangeId = id }),
        [nameof(ExchangeStateMachine.Complete)] = ("completeExchange", id => new { exchangeId = id, minutes = 30 }),
        [nameof(ExchangeStateMachine.Acknowledge)] = ("acknowledgeExchange", id => new { exchangeId = id }),
        [nameof(ExchangeStateMachine.AutoAcknowledge)] = (null, null),
        [nameof(ExchangeStateMachine.Dispute)] = ("disputeExchange", id => new { exchangeId = id, reason = "not done" }),
        [nameof(ExchangeStateMachine.ResolveBySettling)] = ("resolveDispute", id => new { exchangeId = id, minutes = 30 }),
        [nameof(ExchangeStateMachine.ResolveByCancelling)] = ("resolveDispute", id => new { exchangeId = id, cancel = true }),
        [nameof(ExchangeStateMachine.Feedback)] = ("leaveFeedback", id => new { exchangeId = id, rating = 5 }),
    };

    public static TheoryData<string> StepsOnExchanges => [.. Rows.Where(r => !r.Value.Starts).Select(r => r.Key)];

    public static TheoryData<string> StartingSteps => [.. Rows.Where(r => r.Value.Starts).Select(r => r.Key)];

    [Fact]
    public void EveryRowIsTakenHere()
    {
        Assert.Equal(ExchangeStateMachine.All.ToHashSet(ReferenceEqualityComparer.Instance), Rows.Values.ToHashSet(ReferenceEqualityComparer.Instance));
        Assert.Equal(Rows.Where(r => !r.Value.Starts).Select(r => r.Key).Order(), Steps.Keys.Order());
    }

    /// <summary>
    /// No step leads back to a state the exchange has left (only feedback stays where it is, and writes no ledger): the
    /// ledger path relies on it (a row still in the status read is the row read), and so does a repeat (one timeline row
    /// led to each state).
    /// </summary>
    [Fact]
    public void NoStepLeadsBack()
    {
        var next = ExchangeStateMachine.All.SelectMany(m => m.From.Where(from => from != m.To).Select(from => (from, m.To))).ToLookup(e => e.from, e => e.To);
        foreach (var start in Enum.GetValues<ExchangeStatus>())
        {
            var seen = new HashSet<ExchangeStatus>();
            var frontier = new Queue<ExchangeStatus>(next[start]);
            while (frontier.TryDequeue(out var status))
            {
                Assert.True(status != start, $"a step leads from {start} back to it");
                if (seen.Add(status))
                {
                    foreach (var to in next[status])
                    {
                        frontier.Enqueue(to);
                    }
                }
            }
        }
        Assert.All(ExchangeStateMachine.All.Where(m => m.Leaves(m.To)), m => Assert.Equal(LedgerWrite.None, m.Ledger));
    }

    [Theory]
    [MemberData(nameof(StepsOnExchanges))]
    public async Task AStepIsTakenFromTheStatesItsRowLeavesAndRefusedFromTheOthers(string row)
    {
        var move = Rows[row];
        foreach (var status in Enum.GetValues<ExchangeStatus>().Where(s => move.Leaves(s) || s != move.To))
        {
            var what = $"{row} from {status}";
            var id = move.Leaves(status) ? await bank.InStatusAsync(Upper(status)) : await SharedAsync(status);
            var (ledgerBefore, before) = (bank.LedgerAround(id), bank.Fingerprint());

            var (code, reached) = await TakeAsync(move, PersonFor(move.Party), id);

            if (move.Leaves(status))
            {
                Assert.True(code is null, $"{what}: {code}");
                Assert.Equal(move.To, reached);
                var expected = move.Ledger == LedgerWrite.Void && ledgerBefore.HoldStatus is null ? LedgerWrite.None : move.Ledger;
                Assert.True(expected == Written(ledgerBefore, bank.LedgerAround(id)), $"{what} wrote {Written(ledgerBefore, bank.LedgerAround(id))}, not {expected}");
            }
            else
            {
                AssertRefused("WRONG_STATUS", code, before, what);
            }
        }
    }

    [Theory]
    [MemberData(nameof(StepsOnExchanges))]
    public async Task AStepIsRefusedToAPartyItsRowDoesNotName(string row)
    {
        var move = Rows[row];
        var id = await SharedAsync(move.From[0]);
        foreach (var person in new[] { "maria", "tom" }.Where(p => move.Party != ExchangeParty.System && !Named(move.Party, p)))
        {
            var before = bank.Fingerprint();

            var (code, _) = await TakeAsync(move, person, id);

            AssertRefused("FORBIDDEN", code, before, $"{row} by {person}");
        }
    }

    [Theory]
    [MemberData(nameof(StartingSteps))]
    public async Task AStartOpensAnExchangeWhereItsRowLeadsWithTheCallerOnTheSideItNames(string row)
    {
        var move = Rows[row];
        var (mutation, input) = await StartAsync(move);
        var before = bank.LedgerAround(null);

        var exchange = await bank.OkAsync(mutation, "maria", input);

        Assert.Equal(Upper(move.To), (string?)exchange["status"]);
        var maria = (string?)exchange["timeline"]![0]!["principal"]!["displayName"];
        var side = move.Party switch
        {
            ExchangeParty.Provider => (string?)exchange["provider"]!["displayName"],
            ExchangeParty.Receiver => (string?)exchange["receiver"]!["displayName"],
            _ => maria,
        };
        Assert.Equal(maria, side);
        Assert.Equal(move.Ledger, Written(before, bank.LedgerAround((string)exchange["id"]!)));
    }

    private void AssertRefused(string expected, string? code, string fingerprintBefore, string what)
    {
        Assert.True(code == expected, $"{what}: {code ?? "succeeded"}");
        Assert.True(fingerprintBefore == bank.Fingerprint(), $"{what} changed something");
    }

    /// <summary>maria starts the exchange: she proposes, answers a listing of tom's, or records his help.</summary>
    private async Task<(string Mutation, object Input)> StartAsync(ExchangeMove move)
    {
        var tom = bank.Member("tom");
        return move switch
        {
            _ when move == ExchangeStateMachine.Propose => ("proposeExchange", new { counterpartMemberId = tom, myRole = "RECEIVER", minutes = 30 }),
            _ when move == ExchangeStateMachine.Offer => ("offerHelp", new { listingId = await bank.ListingAsync("tom", "REQUEST", "Walk my dog") }),
            _ when move == ExchangeStateMachine.Request => ("requestExchange", new { listingId = await bank.ListingAsync("tom", "OFFER", "Bike repairs") }),
            _ when move == ExchangeStateMachine.Record => ("recordExchange", new { providerMemberId = tom, minutes = 30 }),
            _ => throw new ArgumentOutOfRangeException(nameof(move), move.Action, "no way to take this start here"),
        };
    }

    private async Task<(string? Code, ExchangeStatus? Reached)> TakeAsync(ExchangeMove move, string person, string id)
    {
        var (mutation, input) = Steps[Rows.Single(r => r.Value == move).Key];
        if (mutation is null)
        {
            return await AutoAcknowledgeAsync(id);
        }
        var response = await bank.MutateAsync(mutation, bank.Token(person), input!(id));
        var payload = response["data"]?[mutation] ?? throw new InvalidOperationException(response.ToJsonString());
        return payload["errors"]?.AsArray() is [var error, ..]
            ? ((string?)error!["code"], null)
            : (null, Enum.Parse<ExchangeStatus>((string)payload["exchange"]!["status"]!, ignoreCase: true));
    }

    /// <summary>The auto-acknowledge job's step, as the job takes it, on one exchange whatever its age.</summary>
    private async Task<(string? Code, ExchangeStatus? Reached)> AutoAcknowledgeAsync(string id)
    {
        var services = bank.App.Services;
        await using var db = await services.GetRequiredService<IDbContextFactory<TimeBankDbContext>>().CreateDbContextAsync();
        var key = long.Parse(ExchangesFixture.KeyOf(id), CultureInfo.InvariantCulture);
        var exchange = await db.Exchanges.AsNoTracking().SingleAsync(e => e.Id == key);
        var parties = await db.Members.AsNoTracking().Where(m => m.Id == exchange.ProviderMemberId || m.Id == exchange.ReceiverMemberId).ToDictionaryAsync(m => m.Id);
        var policyVersion = await db.Communities.Where(c => c.Id == exchange.CommunityId).Select(c => c.PolicyVersion).SingleAsync();
        var step = new ExchangeStep(exchange, parties[exchange.ProviderMemberId], parties[exchange.ReceiverMemberId], ExchangeActor.System, policyVersion);
        var run = new ExchangeRun(db, services.GetRequiredService<LedgerWriter<TimeBankDbContext>>(), bank.App.Clock, CancellationToken.None);

        var outcome = await ExchangeFlow.TakeAsync(run, step, new ExchangeAsk(ExchangeStateMachine.AutoAcknowledge, exchange.ActualMinutes ?? exchange.AgreedMinutes, "no answer"));

        // As the API spells the code (WrongStatus is WRONG_STATUS).
        return outcome.Succeeded
            ? (null, outcome.Value!.Status)
            : (string.Concat(outcome.Code!.Value.ToString().Select((c, i) => i > 0 && char.IsUpper(c) ? "_" + c : c.ToString())).ToUpperInvariant(), null);
    }

    /// <summary>What a step wrote on the ledger, from the ledger around its exchange before and after.</summary>
    private static LedgerWrite Written((long Entries, long Holds, string? HoldStatus) before, (long Entries, long Holds, string? HoldStatus) after) =>
        (after.Entries - before.Entries, after.Holds - before.Holds, before.HoldStatus, after.HoldStatus) switch
        {
            (0, 0, var was, var now) when was == now => LedgerWrite.None,
            (0, 1, null, "Pending") => LedgerWrite.Hold,
            (1, 0, "Pending", "Posted") => LedgerWrite.Post,
            (0, 0, "Pending", "Voided") => LedgerWrite.Void,
            (1, 0, null, null) => LedgerWrite.Transfer,
            var other => throw new InvalidOperationException($"No step writes this on the ledger: {other}"),
        };

    /// <summary>In the fixture maria proposes and receives, tom is asked and provides.</summary>
    private static string PersonFor(ExchangeParty party) => party switch
    {
        ExchangeParty.Provider or ExchangeParty.Counterpart => "tom",
        ExchangeParty.Receiver or ExchangeParty.Either => "maria",
        ExchangeParty.Coordinator => "coordinator",
        _ => "",
    };

    private static bool Named(ExchangeParty party, string person) => party switch
    {
        ExchangeParty.Either => true,
        ExchangeParty.Coordinator or ExchangeParty.System => false,
        _ => PersonFor(party) == person,
    };

    /// <summary>One exchange per status for the steps that must be refused: they leave it as it is.</summary>
    private async Task<string> SharedAsync(ExchangeStatus status)
    {
        if (!bank.Shared.TryGetValue(Upper(status), out var id))
        {
            bank.Shared[Upper(status)] = id = await bank.InStatusAsync(Upper(status));
        }
        return id;
    }

    private static string Upper(ExchangeStatus status) => status.ToString().ToUpperInvariant();
}
