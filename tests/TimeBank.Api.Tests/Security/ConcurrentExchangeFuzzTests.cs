using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TimeBank.Api.Data;
using TimeBank.Api.Data.Entities;
using TimeBank.Api.Tests.Infrastructure;
using TimeBank.Ledger.Model;
using TimeBank.Ledger.Reads;

namespace TimeBank.Api.Tests.Security;

/// <summary>
/// A seeded concurrent fuzz of the exchange API, in process over a real SQLite file. Rounds run a few at a time;
/// each takes a fresh exchange between two of eight members to a state and races the steps that may follow it
/// against each other (accept, decline and cancel; completes with the same and other minutes; acknowledge against
/// dispute and resolve; two coordinators resolving; feedback; recording with one key and the same or other
/// content), then sends every call of the race again, and a step with other content. Then: no request may end in a
/// top-level error (INTERNAL_SERVER_ERROR included) or an unexpected code, the ledger reconciles, every balance is
/// what the settled exchanges make it, and every success agrees with the final state: a success that says minutes
/// X were applied finds X on the exchange, its timeline and its ledger entry. The seed fixes every choice; only the
/// interleaving varies between runs. To add a race, add a scenario to <see cref="RaceAsync"/>.
/// </summary>
public sealed class ConcurrentExchangeFuzzTests : IAsyncLifetime
{
    private const int Seed = 20_261_125;
    private const int Rounds = 42;
    private const int RoundsAtOnce = 6;
    private const int GrantMinutes = 60;

    private static readonly string[] Members = ["m0", "m1", "m2", "m3", "m4", "m5", "m6", "m7"];
    private static readonly string[] Coordinators = ["coordinator", "deputy"];

    /// <summary>The codes a lost race, a conflicting repeat or a bad value may get; any other is a failure.</summary>
    private static readonly HashSet<string> ExpectedCodes =
        ["WRONG_STATUS", "IDEMPOTENCY_CONFLICT", "INVALID_INPUT", "INSUFFICIENT_CREDIT", "CEILING_REACHED", "FEEDBACK_ALREADY_LEFT"];

    private readonly TimeBankApplication _app = new();
    private readonly ConcurrentQueue<Call> _calls = new();
    private TestCommunity _bank = null!;

    /// <summary>What a call asked for: the exchange (or, to record one, the provider) and its content.</summary>
    private sealed record Ask(string? ExchangeId, int? Minutes = null, string? Note = null, bool Cancel = false, int? Rating = null, string? Key = null,
        string? Provider = null);

    private sealed record Call(int Round, string Mutation, string Person, Ask Ask, JsonObject Response)
    {
        public JsonNode? Payload => Response["data"]?[Mutation];

        public bool Succeeded => Response["errors"] is null && Payload?["errors"]?.AsArray().Count == 0;

        public override string ToString() => $"round {Round}: {Person} {Mutation} {Ask} -> {Response.ToJsonString()}";
    }

    public async Task InitializeAsync()
    {
        var admin = await _app.RegisterAsync(TimeBankApplication.AdminEmail);
        _bank = await TestCommunity.CreateAsync(_app, admin, "fuzz", [.. Members, "deputy"]);
        TestCommunity.Ok(await _app.GraphQLAsync(
            "mutation($input: SetMemberRolesInput!) { setMemberRoles(input: $input) { errors { code message } } }",
            new { input = new { memberId = _bank.People["deputy"].MemberId, coordinator = true, auditor = false } }, admin), "setMemberRoles");
    }

    [Fact]
    public async Task EveryRaceEndsInAStateThatEverySuccessAgreesWith()
    {
        foreach (var batch in Enumerable.Range(0, Rounds).Chunk(RoundsAtOnce))
        {
            await Task.WhenAll(batch.Select(RoundAsync));
        }

        var problems = new List<string>();
        problems.AddRange(_calls.Where(c => c.Response["errors"] is not null).Select(c => "top-level error: " + c));
        problems.AddRange(_calls.Where(c => c.Payload?["errors"]?.AsArray() is [{ } error, ..] && !ExpectedCodes.Contains((string)error["code"]!))
            .Select(c => "unexpected code: " + c));
        await using var db = await _app.Services.GetRequiredService<IDbContextFactory<TimeBankDbContext>>().CreateDbContextAsync();
        problems.AddRange((await db.ReconcileLedgerAsync()).Select(d => "ledger: " + d));
        var exchanges = await db.Exchanges.AsNoTracking().ToDictionaryAsync(e => e.Id);
        var timelines = (await db.ExchangeTransitions.AsNoTracking().OrderBy(t => t.Id).ToListAsync()).ToLookup(t => t.ExchangeId);
        problems.AddRange(await LedgerProblemsAsync(db, exchanges.Values));
        foreach (var call in _calls.Where(c => c.Succeeded))
        {
            var id = Key((string)call.Payload!["exchange"]!["id"]!, "Exchange");
            if (Disagreement(call, exchanges[id], timelines[id].ToList()) is { } why)
            {
                problems.Add($"{why}: {call}");
            }
        }
        foreach (var call in _calls.Where(c => c.Ask.ExchangeId is not null && Code(c) is "IDEMPOTENCY_CONFLICT" or "FEEDBACK_ALREADY_LEFT"))
        {
            var id = Key(call.Ask.ExchangeId!, "Exchange");
            if (!IsHonest(call, exchanges[id], timelines[id].ToList()))
            {
                problems.Add($"refused as a conflict, but nothing else was done: {call}");
            }
        }

        Assert.True(problems.Count == 0, string.Join('\n', problems));
        // The races must have run, not been cut short: every kind of step won somewhere and lost somewhere.
        Assert.All(new[] { "acceptExchange", "completeExchange", "acknowledgeExchange", "resolveDispute", "recordExchange", "leaveFeedback" }, mutation =>
        {
            Assert.Contains(_calls, c => c.Mutation == mutation && c.Succeeded);
            Assert.Contains(_calls, c => c.Mutation == mutation && !c.Succeeded);
        });
    }

    /// <summary>One round: a fresh exchange brought to where its race starts, the race, then every call of it again and a step with other content.</summary>
    private async Task RoundAsync(int round)
    {
        var random = new Random(Seed + round);
        var pair = Members.OrderBy(_ => random.Next()).Take(2).ToArray();
        var (receiver, provider) = (pair[0], pair[1]);
        var agreed = random.Next(10, 91);
        int Minutes() => random.Next(1, agreed + 1);
        var coordinator = Coordinators[random.Next(2)];
        var otherCoordinator = Coordinators.Single(c => c != coordinator);

        var raced = await RaceAsync(round % 7, round, random, receiver, provider, coordinator, otherCoordinator, agreed, Minutes);

        foreach (var (mutation, person, ask) in raced)
        {
            await SendAsync(round, mutation, person, ask);
        }
        if (raced.FirstOrDefault().Ask?.ExchangeId is { } exchangeId)
        {
            await SendAsync(round, "completeExchange", provider, new Ask(exchangeId, random.Next(1, agreed + 20), "again"));
            await SendAsync(round, "resolveDispute", coordinator, new Ask(exchangeId, random.Next(1, agreed + 20), "again"));
        }
    }

    private async Task<(string Mutation, string Person, Ask Ask)[]> RaceAsync(
        int scenario, int round, Random random, string receiver, string provider, string coordinator, string otherCoordinator, int agreed, Func<int> minutes)
    {
        if (scenario == 6)
        {
            var key = "fuzz-" + round.ToString(CultureInfo.InvariantCulture);
            var recorded = minutes();
            return await RaceCallsAsync(round,
                ("recordExchange", receiver, new Ask(null, recorded, "garden", Key: key, Provider: provider)),
                ("recordExchange", receiver, new Ask(null, recorded, "garden", Key: key, Provider: provider)),
                ("recordExchange", receiver, new Ask(null, recorded + 1, "garden", Key: key, Provider: provider)),
                ("recordExchange", receiver, new Ask(null, recorded, "other words", Key: key, Provider: provider)));
        }
        var start = scenario switch
        {
            0 => "REQUESTED",
            1 or 2 => "ACCEPTED",
            3 => "COMPLETED",
            4 => "DISPUTED",
            _ => "SETTLED",
        };
        if (await ExchangeInAsync(round, start, receiver, provider, agreed, minutes()) is not { } id)
        {
            return [];
        }
        var (m1, m2) = (minutes(), minutes());
        return scenario switch
        {
            0 => await RaceCallsAsync(round,
                ("acceptExchange", provider, new Ask(id)),
                ("acceptExchange", provider, new Ask(id)),
                ("declineExchange", provider, new Ask(id, Note: "busy")),
                ("cancelExchange", receiver, new Ask(id, Note: "plans changed"))),
            1 => await RaceCallsAsync(round,
                ("completeExchange", provider, new Ask(id, m1, "done")),
                ("completeExchange", provider, new Ask(id, m1, "done")),
                ("completeExchange", provider, new Ask(id, m1 == m2 ? m1 + 1 : m2, "done")),
                ("completeExchange", provider, new Ask(id, m1, "other words"))),
            2 => await RaceCallsAsync(round,
                ("completeExchange", provider, new Ask(id, m1, "done")),
                ("cancelExchange", receiver, new Ask(id, Note: "too late")),
                ("cancelExchange", provider, new Ask(id, Note: "ill"))),
            3 => await RaceCallsAsync(round,
                ("acknowledgeExchange", receiver, new Ask(id)),
                ("disputeExchange", receiver, new Ask(id, Note: "too long")),
                ("acknowledgeExchange", receiver, new Ask(id, Note: "thanks")),
                ("resolveDispute", coordinator, new Ask(id, m1, "decided"))),
            4 => await RaceCallsAsync(round,
                ("resolveDispute", coordinator, new Ask(id, m1, "decided")),
                ("resolveDispute", otherCoordinator, new Ask(id, m1 == m2 ? m1 + 1 : m2, "decided")),
                ("resolveDispute", coordinator, new Ask(id, Note: "decided", Cancel: true)),
                ("acknowledgeExchange", receiver, new Ask(id)),
                ("resolveDispute", otherCoordinator, new Ask(id, agreed + random.Next(1, 50), "too many"))),
            _ => await RaceCallsAsync(round,
                ("leaveFeedback", receiver, new Ask(id, Rating: 5, Note: "thanks")),
                ("leaveFeedback", receiver, new Ask(id, Rating: 4, Note: "thanks")),
                ("leaveFeedback", provider, new Ask(id, Rating: 5, Note: "a pleasure")),
                ("leaveFeedback", provider, new Ask(id, Rating: 5, Note: "a pleasure"))),
        };
    }

    private async Task<(string, string, Ask)[]> RaceCallsAsync(int round, params (string Mutation, string Person, Ask Ask)[] calls)
    {
        await Task.WhenAll(calls.Select(c => SendAsync(round, c.Mutation, c.Person, c.Ask)));
        return calls;
    }

    /// <summary>A fresh exchange taken step by step to <paramref name="status"/>; null when a step on the way was refused (it is still checked).</summary>
    private async Task<string?> ExchangeInAsync(int round, string status, string receiver, string provider, int agreed, int completed)
    {
        var proposed = await SendAsync(round, "proposeExchange", receiver, new Ask(null, agreed, Provider: provider));
        var id = (string?)proposed.Payload?["exchange"]?["id"];
        (string Mutation, string Person, Ask Ask)[] path = status switch
        {
            "REQUESTED" => [],
            "ACCEPTED" => [("acceptExchange", provider, new Ask(id))],
            "COMPLETED" => [("acceptExchange", provider, new Ask(id)), ("completeExchange", provider, new Ask(id, completed))],
            "DISPUTED" => [("acceptExchange", provider, new Ask(id)), ("completeExchange", provider, new Ask(id, completed)),
                ("disputeExchange", receiver, new Ask(id, Note: "too long"))],
            _ => [("acceptExchange", provider, new Ask(id)), ("completeExchange", provider, new Ask(id, completed)),
                ("acknowledgeExchange", receiver, new Ask(id))],
        };
        foreach (var (mutation, person, ask) in path)
        {
            if (!(await SendAsync(round, mutation, person, ask)).Succeeded)
            {
                return null;
            }
        }
        return id;
    }

    private async Task<Call> SendAsync(int round, string mutation, string person, Ask ask)
    {
        object input = mutation switch
        {
            "proposeExchange" => new { counterpartMemberId = Member(ask.Provider!), myRole = "RECEIVER", minutes = ask.Minutes },
            "recordExchange" => new { providerMemberId = Member(ask.Provider!), minutes = ask.Minutes, description = ask.Note, idempotencyKey = ask.Key },
            "acceptExchange" => new { exchangeId = ask.ExchangeId },
            "declineExchange" or "cancelExchange" or "disputeExchange" => new { exchangeId = ask.ExchangeId, reason = ask.Note },
            "completeExchange" => new { exchangeId = ask.ExchangeId, minutes = ask.Minutes, note = ask.Note },
            "acknowledgeExchange" => new { exchangeId = ask.ExchangeId, note = ask.Note },
            "resolveDispute" => ask.Cancel ? new { exchangeId = ask.ExchangeId, cancel = true, note = ask.Note } : (object)new { exchangeId = ask.ExchangeId, minutes = ask.Minutes, note = ask.Note },
            "leaveFeedback" => new { exchangeId = ask.ExchangeId, rating = ask.Rating, note = ask.Note },
            _ => throw new ArgumentOutOfRangeException(nameof(mutation)),
        };
        var response = await _app.GraphQLAsync(
            MutationDocument.For(mutation, "exchange { id status actualMinutes description providerFeedback { rating note } receiverFeedback { rating note } } errors { code message }"),
            new { input }, _bank.People[person].Token);
        var call = new Call(round, mutation, person, ask, response);
        _calls.Enqueue(call);
        return call;
    }

    /// <summary>Why a success does not agree with where its exchange ended, or null when it does.</summary>
    private string? Disagreement(Call call, Exchange final, List<ExchangeTransition> timeline)
    {
        var ask = call.Ask;
        var answered = call.Payload!["exchange"]!;
        bool Has(string action, Func<ExchangeTransition, bool>? also = null) => timeline.Any(t => t.Action == action && (also?.Invoke(t) ?? true));
        bool SameNote(string? recorded) => Normal(recorded) == Normal(ask.Note);
        return call.Mutation switch
        {
            "completeExchange" when (int?)answered["actualMinutes"] != ask.Minutes => "answered other minutes than asked",
            "completeExchange" when !Has("complete", t => t.Minutes == ask.Minutes && SameNote(t.Note)) => "the timeline has no completion with these minutes and note",
            "completeExchange" when final.Status == ExchangeStatus.Settled && Has("acknowledge") && final.ActualMinutes != ask.Minutes => "settled for other minutes",
            "acknowledgeExchange" when final.Status != ExchangeStatus.Settled || !Has("acknowledge", t => SameNote(t.Note)) => "not settled by this acknowledgement",
            "acknowledgeExchange" when final.ActualMinutes != timeline.Single(t => t.Action == "complete").Minutes => "settled for other minutes than completed",
            "resolveDispute" when ask.Cancel && (final.Status != ExchangeStatus.Cancelled || !Has("resolve", t => SameNote(t.Note))) => "not cancelled by this decision",
            "resolveDispute" when !ask.Cancel && (final.Status != ExchangeStatus.Settled || final.ActualMinutes != ask.Minutes
                || (int?)answered["actualMinutes"] != ask.Minutes || !Has("resolve", t => t.Minutes == ask.Minutes && SameNote(t.Note))) => "not settled for these minutes",
            "recordExchange" when final.Status != ExchangeStatus.Settled || final.ActualMinutes != ask.Minutes || final.Description != ask.Note
                || (int?)answered["actualMinutes"] != ask.Minutes => "not recorded as asked",
            "declineExchange" when final.Status != ExchangeStatus.Declined || !Has("decline", t => SameNote(t.Note)) => "not declined as asked",
            "cancelExchange" when final.Status != ExchangeStatus.Cancelled || !Has("cancel", t => SameNote(t.Note)) => "not cancelled as asked",
            "disputeExchange" when !Has("dispute", t => SameNote(t.Note)) => "no dispute with this reason",
            "acceptExchange" when !Has("accept") => "never accepted",
            "leaveFeedback" when Feedback(call, final) != (ask.Rating, Normal(ask.Note) ?? "") => "other feedback stands",
            _ => null,
        };
    }

    /// <summary>A conflict is honest when the step was taken before with other content, and that stands.</summary>
    private bool IsHonest(Call call, Exchange final, List<ExchangeTransition> timeline)
    {
        var ask = call.Ask;
        if (call.Mutation == "leaveFeedback")
        {
            return Feedback(call, final) is ({ } rating, var note) && (rating, note) != (ask.Rating, Normal(ask.Note) ?? "");
        }
        var action = call.Mutation switch
        {
            "resolveDispute" => "resolve",
            "acknowledgeExchange" => "acknowledge",
            _ => call.Mutation[..^"Exchange".Length],
        };
        // An acknowledgement states no minutes of its own: the completion's are settled.
        bool Same(ExchangeTransition t) => (action == "acknowledge" || t.Minutes == ask.Minutes) && Normal(t.Note) == Normal(ask.Note);
        return timeline.Any(t => t.Action == action && !Same(t));
    }

    private static string? Code(Call call) => call.Payload?["errors"]?.AsArray() is [{ } error, ..] ? (string?)error["code"] : null;

    private (int?, string?) Feedback(Call call, Exchange final) =>
        final.ProviderMemberId == Key(Member(call.Person), "Member")
            ? (final.ProviderRating, final.ProviderFeedback)
            : (final.ReceiverRating, final.ReceiverFeedback);

    /// <summary>
    /// The ledger against the exchanges: a settled exchange has one entry, for its actual minutes from its receiver to
    /// its provider; no other has any; holds are pending exactly while the exchange is under way; every member's
    /// balance is the joining grant plus what their settled exchanges brought and cost.
    /// </summary>
    private static async Task<List<string>> LedgerProblemsAsync(TimeBankDbContext db, IEnumerable<Exchange> exchanges)
    {
        var problems = new List<string>();
        var accounts = await db.Members.AsNoTracking().Where(m => m.AccountId != null).ToDictionaryAsync(m => m.Id, m => m.AccountId!.Value);
        var postings = (await db.Set<LedgerPosting>().AsNoTracking().ToListAsync()).ToLookup(p => p.EntrySequence);
        var entriesByCause = (await db.Set<LedgerEntry>().AsNoTracking().Where(e => e.CauseType == "exchange").Select(e => e.CauseId).ToListAsync())
            .GroupBy(c => c!).ToDictionary(g => g.Key, g => g.Count());
        var holds = await db.Set<LedgerHold>().AsNoTracking().ToDictionaryAsync(h => h.Id);
        var expected = accounts.Values.ToDictionary(a => a, _ => (long)GrantMinutes);
        var pending = accounts.Values.ToDictionary(a => a, _ => 0L);
        foreach (var e in exchanges)
        {
            var (receiver, provider) = (accounts[e.ReceiverMemberId], accounts[e.ProviderMemberId]);
            var entries = entriesByCause.GetValueOrDefault(e.Id.ToString(CultureInfo.InvariantCulture));
            if (e.Status == ExchangeStatus.Settled)
            {
                var legs = postings[e.SettlementEntrySequence ?? -1].ToList();
                if (legs.Count != 2 || !legs.Any(p => p.AccountId == receiver && p.Side == PostingSide.Debit && p.AmountMinutes == e.ActualMinutes)
                    || !legs.Any(p => p.AccountId == provider && p.Side == PostingSide.Credit && p.AmountMinutes == e.ActualMinutes))
                {
                    problems.Add($"exchange {e.Id}: settled for {e.ActualMinutes}, but its entry {e.SettlementEntrySequence} moved otherwise");
                }
                expected[receiver] -= e.ActualMinutes!.Value;
                expected[provider] += e.ActualMinutes!.Value;
            }
            if (entries != (e.Status == ExchangeStatus.Settled && e.HoldId is not null ? 1 : 0))
            {
                problems.Add($"exchange {e.Id}: {e.Status} with {entries} ledger entries");
            }
            var underWay = e.Status is ExchangeStatus.Accepted or ExchangeStatus.Completed or ExchangeStatus.Disputed;
            if (e.HoldId is { } holdId && (holds[holdId].Status == HoldStatus.Pending) != underWay)
            {
                problems.Add($"exchange {e.Id}: {e.Status} with its hold {holds[holdId].Status}");
            }
            if (underWay)
            {
                pending[receiver] += e.AgreedMinutes;
            }
        }
        foreach (var account in await db.Set<LedgerAccount>().AsNoTracking().Where(a => accounts.Values.Contains(a.Id)).ToListAsync())
        {
            if (account.CreditsPostedMinutes - account.DebitsPostedMinutes != expected[account.Id] || account.DebitsPendingMinutes != pending[account.Id])
            {
                problems.Add($"account {account.Id}: balance {account.CreditsPostedMinutes - account.DebitsPostedMinutes} held {account.DebitsPendingMinutes}, " +
                    $"the exchanges make it {expected[account.Id]} held {pending[account.Id]}");
            }
        }
        return problems;
    }

    private string Member(string person) => _bank.People[person].MemberId;

    private static long Key(string globalId, string type) =>
        TimeBank.GraphQL.Relay.GlobalId.TryDecode<long>(globalId, type, out var key) ? key : throw new ArgumentException(globalId);

    private static string? Normal(string? note) => string.IsNullOrWhiteSpace(note) ? null : note.Trim();

    public Task DisposeAsync() => _app.DisposeAsync().AsTask();
}
