using TimeBank.Api.Data.Entities;
using TimeBank.Api.Tests.Features.Challenges;

namespace TimeBank.Api.Tests.Security;

/// <summary>
/// The pool's mutations (donateToChallenge, donateToFund, grantFromFund) tried by every wrong person and in every
/// wrong state of the challenge: each gets its code and no row of any table changes. The challenges are riverside's,
/// proposed by maria and brought to each status once by the lifecycle's own steps. To cover a new pool mutation, add
/// its name to <see cref="Mutations"/> and its rows to <see cref="WrongPeople"/> and <see cref="WrongStates"/>;
/// <see cref="WrongPersonMatrixTests"/> leaves the mutations listed here to this table.
/// </summary>
public sealed class PoolWrongPersonTests(SecurityBank bank) : IClassFixture<SecurityBank>
{
    /// <summary>The mutations this table covers.</summary>
    public static readonly string[] Mutations = ["donateToChallenge", "donateToFund", "grantFromFund"];

    private const string Unauthenticated = "UNAUTHENTICATED";
    private const string Forbidden = "FORBIDDEN";
    private const string NotFound = "NOT_FOUND";
    private const string WrongStatus = "WRONG_STATUS";

    private sealed record Attempt(string Mutation, string Person, string Code, Func<SecurityBank, Task<object>> Input);

    /// <summary>
    /// Donating on maria's behalf is a coordinator's; donating as oneself is any active member's, so the wrong people
    /// for it are those outside riverside and its auditor. Granting is riverside's coordinators' only.
    /// </summary>
    private static readonly Attempt[] WrongPeople =
    [
        new("donateToChallenge", "", Unauthenticated, OnMariasBehalf),
        new("donateToChallenge", "tom", Forbidden, OnMariasBehalf),
        new("donateToChallenge", "nina", Forbidden, OnMariasBehalf),
        new("donateToChallenge", "other-coordinator", NotFound, OnMariasBehalf),
        new("donateToChallenge", "audrey", Forbidden, OnMariasBehalf),
        new("donateToChallenge", "audrey", Forbidden, AsThemself),
        new("donateToChallenge", "hal", NotFound, AsThemself),
        new("donateToChallenge", "other-coordinator", NotFound, AsThemself),
        new("donateToFund", "", Unauthenticated, ToRiversidesFund),
        new("donateToFund", "other-coordinator", NotFound, ToRiversidesFund),
        new("donateToFund", "hal", NotFound, ToRiversidesFund),
        new("donateToFund", "audrey", Forbidden, ToRiversidesFund),
        new("grantFromFund", "", Unauthenticated, Grant),
        new("grantFromFund", "maria", Forbidden, Grant),
        new("grantFromFund", "tom", Forbidden, Grant),
        new("grantFromFund", "nina", Forbidden, Grant),
        new("grantFromFund", "other-coordinator", NotFound, Grant),
        new("grantFromFund", "hal", NotFound, Grant),
        new("grantFromFund", "audrey", Forbidden, Grant),
    ];

    /// <summary>Members donate while a challenge is OPEN; coordinators grant while it is OPEN or ACHIEVED.</summary>
    private static readonly (string Mutation, string Person, ChallengeStatus Status)[] WrongStates =
    [
        ("donateToChallenge", "maria", ChallengeStatus.Proposed),
        ("donateToChallenge", "maria", ChallengeStatus.Achieved),
        ("donateToChallenge", "maria", ChallengeStatus.Closed),
        ("donateToChallenge", "maria", ChallengeStatus.Declined),
        ("donateToChallenge", "coordinator", ChallengeStatus.Closed),
        ("grantFromFund", "coordinator", ChallengeStatus.Proposed),
        ("grantFromFund", "coordinator", ChallengeStatus.Closed),
        ("grantFromFund", "coordinator", ChallengeStatus.Declined),
    ];

    public static TheoryData<int> People() => [.. Enumerable.Range(0, WrongPeople.Length)];

    public static TheoryData<int> States() => [.. Enumerable.Range(0, WrongStates.Length)];

    /// <summary>
    /// riverside's OPEN challenge, proposed by maria and approved by the coordinator over the API, made once per fixture; its
    /// fund holds minutes, so no refusal is a short fund's.
    /// </summary>
    public static Task<string> OpenChallengeAsync(SecurityBank b) => b.OnceAsync("pool: open challenge", async () =>
    {
        await FundAsync(b);
        return await ChallengeDriver.InStatusAsync(b, "OPEN");
    });

    /// <summary>An OPEN challenge of riverside led by <paramref name="lead"/>, made once per fixture.</summary>
    public static Task<string> LedByAsync(SecurityBank b, string lead) =>
        b.OnceAsync($"pool: challenge led by {lead}", () => ChallengeSeed.CreateAsync(b.App, b.Riverside.Id, b.Member(lead), [], poolMinutes: 0));

    [Fact]
    public async Task EveryPoolMutationOfTheSchemaHasRows()
    {
        var mutations = (await bank.MutationsAsync()).Keys;

        Assert.Subset(mutations.ToHashSet(), Mutations.ToHashSet());
        Assert.All(Mutations, m => Assert.Contains(WrongPeople, a => a.Mutation == m));
    }

    [Theory]
    [MemberData(nameof(People))]
    public async Task TheWrongPersonGetsItsCodeAndNothingChanges(int row)
    {
        var attempt = WrongPeople[row];
        var input = await attempt.Input(bank);
        var before = bank.Fingerprint();

        var response = await bank.MutateAsync(attempt.Mutation, attempt.Person, input);

        Assert.Equal(attempt.Code, SecurityBank.ErrorCode(response, attempt.Mutation));
        Assert.Equal(before, bank.Fingerprint());
    }

    [Theory]
    [MemberData(nameof(States))]
    public async Task TheWrongStateIsRefusedAndNothingChanges(int row)
    {
        var (mutation, person, status) = WrongStates[row];
        var challengeId = await ChallengeAsync(bank, status);
        object input = mutation == "grantFromFund"
            ? new { challengeId, minutes = 10, idempotencyKey = $"wrong-state-{status}" }
            : new { challengeId, minutes = 10 };
        var before = bank.Fingerprint();

        var response = await bank.MutateAsync(mutation, person, input);

        Assert.Equal(WrongStatus, SecurityBank.ErrorCode(response, mutation));
        Assert.Equal(before, bank.Fingerprint());
    }

    private static async Task<object> OnMariasBehalf(SecurityBank b) =>
        new { challengeId = await OpenChallengeAsync(b), minutes = 10, onBehalfOfMemberId = b.Member("maria") };

    private static async Task<object> AsThemself(SecurityBank b) => new { challengeId = await OpenChallengeAsync(b), minutes = 10 };

    private static Task<object> ToRiversidesFund(SecurityBank b) => Task.FromResult<object>(new { communityId = b.Riverside.Id, minutes = 10 });

    private static async Task<object> Grant(SecurityBank b) => new { challengeId = await OpenChallengeAsync(b), minutes = 10, idempotencyKey = "wrong-person" };

    /// <summary>A challenge of riverside in <paramref name="status"/>, brought there over the API by the lifecycle's own steps.</summary>
    private static Task<string> ChallengeAsync(SecurityBank b, ChallengeStatus status) => b.OnceAsync($"pool: {status} challenge", async () =>
    {
        await FundAsync(b);
        return await ChallengeDriver.InStatusAsync(b, status.ToString().ToUpperInvariant());
    });

    private static Task<string> FundAsync(SecurityBank b) => b.OnceAsync("pool: fund", async () =>
    {
        await b.OkAsync("donateToFund", "maria", new { communityId = b.Riverside.Id, minutes = 30 });
        return "";
    });
}
