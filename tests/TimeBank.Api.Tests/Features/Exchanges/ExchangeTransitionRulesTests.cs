namespace TimeBank.Api.Tests.Features.Exchanges;

/// <summary>
/// Every step of the state machine tried from every state it may not leave, and by every person who may not
/// take it: each gets its error code and changes nothing (exchanges, timelines, ledger, holds, outbox).
/// A step sent again, with the same or other content, is Security/RepeatedStepTests' concern.
/// </summary>
public sealed class ExchangeTransitionRulesTests(ExchangesFixture bank) : IClassFixture<ExchangesFixture>
{
    private static readonly string[] Statuses = ["REQUESTED", "ACCEPTED", "COMPLETED", "DISPUTED", "SETTLED", "DECLINED", "CANCELLED"];

    private static readonly Dictionary<string, string> Outsiders = new()
    {
        ["sam"] = "NOT_FOUND",
        ["outsider"] = "NOT_FOUND",
        ["audrey"] = "FORBIDDEN",
        [""] = "UNAUTHENTICATED",
    };

    /// <summary>The step, who takes it, the states it leaves, the state it reaches, and who else gets which code.</summary>
    private sealed record Rule(string Mutation, string Person, string[] From, string To, Func<string, object> Input, Dictionary<string, string> WrongPeople);

    private static readonly Dictionary<string, Rule> Rules = new()
    {
        ["accept"] = new("acceptExchange", "tom", ["REQUESTED"], "ACCEPTED", id => new { exchangeId = id }, With(("maria", "FORBIDDEN"))),
        ["decline"] = new("declineExchange", "tom", ["REQUESTED"], "DECLINED", id => new { exchangeId = id }, With(("maria", "FORBIDDEN"))),
        ["cancel"] = new("cancelExchange", "maria", ["REQUESTED", "ACCEPTED"], "CANCELLED", id => new { exchangeId = id }, With()),
        ["complete"] = new("completeExchange", "tom", ["ACCEPTED"], "COMPLETED", id => new { exchangeId = id, minutes = 30 }, With(("maria", "FORBIDDEN"))),
        ["acknowledge"] = new("acknowledgeExchange", "maria", ["COMPLETED"], "SETTLED", id => new { exchangeId = id }, With(("tom", "FORBIDDEN"))),
        ["dispute"] = new("disputeExchange", "maria", ["COMPLETED"], "DISPUTED", id => new { exchangeId = id, reason = "no" }, With(("tom", "FORBIDDEN"))),
        ["resolve-settle"] = new("resolveDispute", "coordinator", ["DISPUTED"], "SETTLED", id => new { exchangeId = id, minutes = 30 },
            With(("maria", "FORBIDDEN"), ("tom", "FORBIDDEN"))),
        ["resolve-cancel"] = new("resolveDispute", "coordinator", ["DISPUTED"], "CANCELLED", id => new { exchangeId = id, cancel = true },
            With(("maria", "FORBIDDEN"), ("tom", "FORBIDDEN"))),
        ["feedback"] = new("leaveFeedback", "maria", ["SETTLED"], "SETTLED", id => new { exchangeId = id, rating = 5 }, With(("coordinator", "FORBIDDEN"))),
    };

    public static TheoryData<string> Steps => [.. Rules.Keys];

    [Theory]
    [MemberData(nameof(Steps))]
    public async Task FromAWrongStateGetsWrongStatusAndChangesNothing(string step)
    {
        var rule = Rules[step];
        var exchanges = await ExchangesAsync();
        foreach (var status in Statuses.Where(s => !rule.From.Contains(s) && s != rule.To))
        {
            await AssertRefusedAsync(rule, rule.Person, exchanges[status], "WRONG_STATUS", $"{step} from {status}");
        }
    }

    [Theory]
    [MemberData(nameof(Steps))]
    public async Task ByAWrongPersonGetsItsCodeAndChangesNothing(string step)
    {
        var rule = Rules[step];
        var exchanges = await ExchangesAsync();
        foreach (var (person, code) in rule.WrongPeople)
        {
            await AssertRefusedAsync(rule, person, exchanges[rule.From[0]], code, $"{step} by '{person}'");
        }
    }

    private async Task AssertRefusedAsync(Rule rule, string person, string exchangeId, string code, string what)
    {
        var before = bank.Fingerprint();

        var response = await bank.MutateAsync(rule.Mutation, person.Length == 0 ? null : bank.Token(person), rule.Input(exchangeId));

        var errors = response["data"]?[rule.Mutation]?["errors"]?.AsArray();
        Assert.True(errors is [_], $"{what}: {response.ToJsonString()}");
        Assert.Equal(code, (string?)errors[0]!["code"]);
        Assert.Null(response["data"]![rule.Mutation]!["exchange"]);
        Assert.True(before == bank.Fingerprint(), $"{what} changed something");
    }

    private static Dictionary<string, string> With(params (string Person, string Code)[] parties)
    {
        var people = new Dictionary<string, string>(Outsiders);
        foreach (var (person, code) in parties)
        {
            people[person] = code;
        }
        return people;
    }

    /// <summary>One exchange in each status, made once for the class: refused steps leave them as they are.</summary>
    private async Task<Dictionary<string, string>> ExchangesAsync()
    {
        if (bank.Shared.Count == 0)
        {
            foreach (var status in Statuses)
            {
                bank.Shared[status] = await bank.InStatusAsync(status);
            }
        }
        return bank.Shared;
    }
}
