using TimeBank.Api.Data.Entities;
using TimeBank.Api.Tests.Features.Challenges;

namespace TimeBank.Api.Tests.Security;

/// <summary>
/// Pledges and contributions, tried by every wrong person and from every wrong state. In riverside the coordinator
/// leads an OPEN challenge; maria pledges to it and logs work on it. The wrong people: anonymous, a plain member
/// (tom acting for maria; for a decision, maria on her own work), nina (no part in it), hillside's coordinator
/// (told it does not exist) and audrey, the auditor. The wrong states: a challenge not OPEN (or, for work, not OPEN
/// nor ACHIEVED), and a contribution already decided the other way. Each gets its code and no row of any table changes.
/// To cover a new mutation of pledges or contributions, add a line to <see cref="People"/> and its states to
/// <see cref="States"/>; <see cref="WrongPersonMatrixTests"/> leaves the mutations of <see cref="Mutations"/> to this file.
/// </summary>
public sealed class ContributionWrongPersonTests(SecurityBank bank) : IClassFixture<SecurityBank>
{
    private const string Unauthenticated = "UNAUTHENTICATED";
    private const string Forbidden = "FORBIDDEN";
    private const string NotFound = "NOT_FOUND";
    private const string WrongStatus = "WRONG_STATUS";

    /// <summary>The mutations this file covers for every wrong person and state.</summary>
    public static readonly string[] Mutations = ["pledgeToChallenge", "withdrawPledge", "logContribution", "verifyContribution", "rejectContribution"];

    private sealed record Row(string Mutation, Func<SecurityBank, Task<object>> Input, (string Person, string Code) Member);

    private static readonly Row[] People =
    [
        new("pledgeToChallenge", b => Input(b, async c => new { challengeId = c, categoryId = b.CategoryId, minutes = 30, onBehalfOfMemberId = b.Member("maria") }),
            ("tom", Forbidden)),
        new("withdrawPledge", async b => new { pledgeId = await MariasPledgeAsync(b, await OpenAsync(b)) }, ("tom", Forbidden)),
        new("logContribution", b => Input(b, async c => new { challengeId = c, categoryId = b.CategoryId, minutes = 30, onBehalfOfMemberId = b.Member("maria") }),
            ("tom", Forbidden)),
        // maria did the work, so she never judges it; tom neither leads nor coordinates.
        new("verifyContribution", async b => new { contributionId = await MariasWorkAsync(b, await OpenAsync(b), "to decide") }, ("maria", Forbidden)),
        new("rejectContribution", async b => new { contributionId = await MariasWorkAsync(b, await OpenAsync(b), "to decide"), reason = "no" }, ("maria", Forbidden)),
    ];

    public static TheoryData<string, string> Attempts()
    {
        var data = new TheoryData<string, string>();
        foreach (var row in People)
        {
            foreach (var (person, _) in Codes(row))
            {
                data.Add(row.Mutation, person);
            }
        }
        return data;
    }

    [Fact]
    public async Task EveryMutationHereIsInTheSchemaAndHasARow()
    {
        var mutations = (await bank.MutationsAsync()).Keys;

        Assert.Empty(Mutations.Except(mutations));
        Assert.Equal(Mutations.Order(), People.Select(r => r.Mutation).Order());
        Assert.Equal(Mutations.Order(), States.Select(s => s.Mutation).Distinct().Order());
    }

    [Theory]
    [MemberData(nameof(Attempts))]
    public async Task TheWrongPersonGetsItsCodeAndNothingChanges(string mutation, string person)
    {
        var row = People.Single(r => r.Mutation == mutation);
        var input = await row.Input(bank);
        var before = bank.Fingerprint();

        var response = await bank.MutateAsync(mutation, person, input);

        Assert.Equal(Codes(row).Single(c => c.Person == person).Code, SecurityBank.ErrorCode(response, mutation));
        Assert.Equal(before, bank.Fingerprint());
    }

    /// <summary>A row: the mutation, the state it is tried in, the person whose step it would rightly be, and the input.</summary>
    private sealed record State(string Mutation, string Name, string Person, Func<SecurityBank, Task<object>> Input);

    private static readonly State[] States =
    [
        .. new[] { ChallengeStatus.Proposed, ChallengeStatus.Achieved, ChallengeStatus.Closed, ChallengeStatus.Declined }.Select(status =>
            new State("pledgeToChallenge", $"challenge {status}", "maria", async b =>
                new { challengeId = await ChallengeInAsync(b, status), categoryId = b.CategoryId, minutes = 30 })),
        .. new[] { ChallengeStatus.Achieved, ChallengeStatus.Closed }.Select(status =>
            new State("withdrawPledge", $"challenge {status}", "maria", async b => new { pledgeId = await MariasPledgeAsync(b, await ChallengeWithWorkAsync(b, status)) })),
        .. new[] { ChallengeStatus.Proposed, ChallengeStatus.Closed, ChallengeStatus.Declined }.Select(status =>
            new State("logContribution", $"challenge {status}", "maria", async b =>
                new { challengeId = await ChallengeInAsync(b, status), categoryId = b.CategoryId, minutes = 30 })),
        new State("verifyContribution", "contribution REJECTED", "coordinator", async b => new { contributionId = await DecidedAsync(b, "rejectContribution") }),
        new State("verifyContribution", "challenge Closed", "coordinator", async b =>
            new { contributionId = await MariasWorkAsync(b, await ChallengeWithWorkAsync(b, ChallengeStatus.Closed), "to decide") }),
        new State("rejectContribution", "contribution VERIFIED", "coordinator", async b => new { contributionId = await DecidedAsync(b, "verifyContribution"), reason = "no" }),
        new State("rejectContribution", "challenge Closed", "coordinator", async b =>
            new { contributionId = await MariasWorkAsync(b, await ChallengeWithWorkAsync(b, ChallengeStatus.Closed), "to decide"), reason = "no" }),
    ];

    public static TheoryData<string, string> WrongStates()
    {
        var data = new TheoryData<string, string>();
        foreach (var state in States)
        {
            data.Add(state.Mutation, state.Name);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(WrongStates))]
    public async Task TheWrongStateIsRefusedAndNothingChanges(string mutation, string state)
    {
        var row = States.Single(s => s.Mutation == mutation && s.Name == state);
        var input = await row.Input(bank);
        var before = bank.Fingerprint();

        var response = await bank.MutateAsync(mutation, row.Person, input);

        Assert.Equal(WrongStatus, SecurityBank.ErrorCode(response, mutation));
        Assert.Equal(before, bank.Fingerprint());
    }

    private static IEnumerable<(string Person, string Code)> Codes(Row row) =>
    [
        ("", Unauthenticated),
        row.Member,
        ("nina", Forbidden),
        ("other-coordinator", NotFound),
        ("audrey", Forbidden),
    ];

    private static async Task<object> Input(SecurityBank b, Func<string, Task<object>> input) => await input(await OpenAsync(b));

    /// <summary>The OPEN challenge of riverside the rows act on (shared with <see cref="AuditorMutationTests"/>).</summary>
    internal static Task<string> OpenAsync(SecurityBank b) => ChallengeInAsync(b, ChallengeStatus.Open);

    /// <summary>A challenge of riverside, led by its coordinator, in <paramref name="status"/> from the start.</summary>
    private static Task<string> ChallengeInAsync(SecurityBank b, ChallengeStatus status) => b.OnceAsync($"challenge {status}", () =>
        ChallengeSeed.CreateAsync(b.App, b.Riverside.Id, b.Member("coordinator"), [b.CategoryId], status: status));

    /// <summary>A challenge that was OPEN while maria pledged and logged work, then moved to <paramref name="status"/>.</summary>
    private static Task<string> ChallengeWithWorkAsync(SecurityBank b, ChallengeStatus status) => b.OnceAsync($"challenge with work, {status}", async () =>
    {
        var challenge = await ChallengeSeed.CreateAsync(b.App, b.Riverside.Id, b.Member("coordinator"), [b.CategoryId]);
        await MariasPledgeAsync(b, challenge);
        await MariasWorkAsync(b, challenge, "to decide");
        await ChallengeSeed.SetStatusAsync(b.App, challenge, status);
        return challenge;
    });

    internal static Task<string> MariasPledgeAsync(SecurityBank b, string challenge) => b.OnceAsync($"maria's pledge to {challenge}", () =>
        MadeAsync(b, "pledgeToChallenge", "pledge", new { challengeId = challenge, categoryId = b.CategoryId, minutes = 60 }));

    internal static Task<string> MariasWorkAsync(SecurityBank b, string challenge, string what) => b.OnceAsync($"maria's work on {challenge}: {what}", () =>
        MadeAsync(b, "logContribution", "contribution", new { challengeId = challenge, categoryId = b.CategoryId, minutes = 20 }));

    /// <summary>maria's work on the open challenge, decided by the coordinator with <paramref name="decision"/>.</summary>
    private static Task<string> DecidedAsync(SecurityBank b, string decision) => b.OnceAsync($"maria's work, {decision}", async () =>
    {
        var id = await MariasWorkAsync(b, await OpenAsync(b), decision);
        await b.OkAsync(decision, "coordinator", decision == "rejectContribution" ? new { contributionId = id, reason = "no" } : new { contributionId = id });
        return id;
    });

    /// <summary>What maria made with <paramref name="mutation"/>: the ID of its payload's <paramref name="made"/>.</summary>
    private static async Task<string> MadeAsync(SecurityBank b, string mutation, string made, object input)
    {
        var shape = (await b.MutationsAsync())[mutation];
        var response = await b.App.GraphQLAsync($"mutation($input: {shape.InputType}!) {{ {mutation}(input: $input) {{ {made} {{ id }} errors {{ code message }} }} }}",
            new { input }, b.Token("maria"));
        return (string)Infrastructure.TestCommunity.Ok(response, mutation)[made]!["id"]!;
    }
}
