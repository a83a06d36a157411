using TimeBank.Api.Tests.Features.Challenges;

namespace TimeBank.Api.Tests.Security;

/// <summary>
/// Every mutation of the live schema, tried by each wrong person: anonymous, a plain member of the same community
/// (tom on maria's things; for an exchange step, the party the step does not belong to), nina (a member with no part
/// in it), hillside's coordinator, and audrey (an auditor: she reads, and writes nothing of anyone else's). Each
/// gets its error code, and no row of any table changes. A mutation of the schema without a row here, and not
/// listed as <see cref="Public"/>, fails <see cref="EveryMutationOfTheSchemaHasARow"/>: to cover a new mutation,
/// add one line to <see cref="Cases"/> (its input, and each person's code).
/// </summary>
public sealed class WrongPersonMatrixTests(SecurityBank bank) : IClassFixture<SecurityBank>
{
    private const string Unauthenticated = "UNAUTHENTICATED";
    private const string Forbidden = "FORBIDDEN";
    private const string NotFound = "NOT_FOUND";

    /// <summary>That person may rightly do it (the row's comment says why): not a wrong-person case.</summary>
    private const string Allowed = "";

    /// <summary>Mutations anyone may call, logged in or not: the way in and out of a session.</summary>
    private static readonly string[] Public = ["login", "register", "refreshSession", "logout"];

    /// <summary>Mutations whose wrong people (and wrong states) a table of their own tries, in the file named.</summary>
    private static readonly string[] CoveredElsewhere = [.. ContributionWrongPersonTests.Mutations, .. PoolWrongPersonTests.Mutations];

    /// <summary>
    /// A row: the mutation, its input (built from the fixture; things it names are maria's unless said otherwise),
    /// and the code each wrong person gets. <see cref="Member"/> names which plain member of riverside tries.
    /// </summary>
    private sealed record Case(
        string Mutation, Func<SecurityBank, Task<object>> Input, (string Person, string Code) Member, string NonParty, string OtherCoordinator,
        string Auditor, string Anonymous = Unauthenticated);

    private static readonly Case[] Cases =
    [
        new("createCommunity", Now(_ => new { slug = "new-bank", name = "New", timeZone = "Europe/Lisbon" }), ("tom", Forbidden), Forbidden, Forbidden, Forbidden),
        new("updateCommunityPolicy", Now(b => new { communityId = b.Riverside.Id, policy = new { floorMinutes = -6000 } }), ("tom", Forbidden), Forbidden, Forbidden, Forbidden),
        new("addCategory", Now(b => new { communityId = b.Riverside.Id, slug = "juggling", name = "Juggling" }), ("tom", Forbidden), Forbidden, Forbidden, Forbidden),
        new("updateCategory", Now(b => new { categoryId = b.CategoryId, isArchived = true }), ("tom", Forbidden), Forbidden, Forbidden, Forbidden),
        new("approveMember", Now(b => new { memberId = b.ApplicantId }), ("tom", Forbidden), Forbidden, NotFound, Forbidden),
        new("declineMember", Now(b => new { memberId = b.ApplicantId }), ("tom", Forbidden), Forbidden, NotFound, Forbidden),
        new("suspendMember", Now(b => new { memberId = b.Member("maria") }), ("tom", Forbidden), Forbidden, NotFound, Forbidden),
        new("reinstateMember", Now(b => new { memberId = b.Member("sam") }), ("tom", Forbidden), Forbidden, NotFound, Forbidden),
        new("leaveCommunity", Now(b => new { memberId = b.Member("maria") }), ("tom", Forbidden), Forbidden, NotFound, Forbidden),
        new("updateProfile", Now(b => new { memberId = b.Member("maria"), bio = "changed" }), ("tom", Forbidden), Forbidden, NotFound, Forbidden),
        new("setMemberRoles", Now(b => new { memberId = b.Member("maria"), coordinator = true, auditor = false }), ("tom", Forbidden), Forbidden, NotFound, Forbidden),
        new("eraseMember", Now(b => new { memberId = b.Member("maria") }), ("tom", Forbidden), Forbidden, Forbidden, Forbidden),
        // Anyone with a login may apply to a community; those already in it are told so, and its auditors that they write nothing.
        new("joinCommunity", Now(b => new { communityId = b.Riverside.Id, displayName = "Ghost" }), ("tom", "ALREADY_MEMBER"), "ALREADY_MEMBER", Allowed, Forbidden),
        new("createListing", Now(b => new { communityId = b.Riverside.Id, kind = "OFFER", title = "ironing", categoryId = b.CategoryId, ownerMemberId = b.Member("maria") }),
            ("tom", Forbidden), Forbidden, Forbidden, Forbidden),
        new("updateListing", async b => new { listingId = await OpenListingAsync(b), title = "changed" }, ("tom", Forbidden), Forbidden, NotFound, Forbidden),
        new("pauseListing", async b => new { listingId = await OpenListingAsync(b) }, ("tom", Forbidden), Forbidden, NotFound, Forbidden),
        new("closeListing", async b => new { listingId = await OpenListingAsync(b) }, ("tom", Forbidden), Forbidden, NotFound, Forbidden),
        new("reopenListing", async b => new { listingId = await PausedListingAsync(b) }, ("tom", Forbidden), Forbidden, NotFound, Forbidden),
        // Only the two owners know a match exists (maria's request and the coordinator's offer).
        new("dismissMatch", async b => new { matchId = await b.OnceAsync("match", () => b.MatchAsync("maria", "coordinator", "hedge trimming")) },
            ("tom", NotFound), NotFound, NotFound, NotFound),
        // Starting an exchange for yourself is every member's right; for someone else it is a coordinator's.
        new("proposeExchange", Now(b => new { counterpartMemberId = b.Member("coordinator"), myRole = "RECEIVER", minutes = 30, onBehalfOfMemberId = b.Member("maria") }),
            ("tom", Forbidden), Forbidden, NotFound, Forbidden),
        new("recordExchange", Now(b => new { providerMemberId = b.Member("tom"), minutes = 30, onBehalfOfMemberId = b.Member("maria") }),
            ("tom", Forbidden), Forbidden, NotFound, Forbidden),
        new("offerHelp", async b => new { listingId = await b.OnceAsync("request", () => b.ListingAsync("coordinator", "REQUEST")), onBehalfOfMemberId = b.Member("maria") },
            ("tom", Forbidden), Forbidden, NotFound, Forbidden),
        new("requestExchange", async b => new { listingId = await b.OnceAsync("offer", () => b.ListingAsync("coordinator", "OFFER")), onBehalfOfMemberId = b.Member("maria") },
            ("tom", Forbidden), Forbidden, NotFound, Forbidden),
        // Exchanges are maria's (receiver, who proposed) with tom (provider).
        new("acceptExchange", async b => new { exchangeId = await ExchangeAsync(b, "REQUESTED") }, ("maria", Forbidden), NotFound, NotFound, Forbidden),
        new("declineExchange", async b => new { exchangeId = await ExchangeAsync(b, "REQUESTED") }, ("maria", Forbidden), NotFound, NotFound, Forbidden),
        // Either party may call it off.
        new("cancelExchange", async b => new { exchangeId = await ExchangeAsync(b, "ACCEPTED") }, ("tom", Allowed), NotFound, NotFound, Forbidden),
        new("completeExchange", async b => new { exchangeId = await ExchangeAsync(b, "ACCEPTED"), minutes = 30 }, ("maria", Forbidden), NotFound, NotFound, Forbidden),
        new("acknowledgeExchange", async b => new { exchangeId = await ExchangeAsync(b, "COMPLETED") }, ("tom", Forbidden), NotFound, NotFound, Forbidden),
        new("disputeExchange", async b => new { exchangeId = await ExchangeAsync(b, "COMPLETED"), reason = "no" }, ("tom", Forbidden), NotFound, NotFound, Forbidden),
        new("resolveDispute", async b => new { exchangeId = await ExchangeAsync(b, "DISPUTED"), minutes = 10 }, ("maria", Forbidden), NotFound, NotFound, Forbidden),
        // Each party leaves their own feedback.
        new("leaveFeedback", async b => new { exchangeId = await ExchangeAsync(b, "SETTLED"), rating = 1 }, ("tom", Allowed), NotFound, NotFound, Forbidden),
        // A group exchange of maria's (provider) with tom and the coordinator as receivers: a receiver never acts for the provider
        // (GroupExchangeWrongPersonTests has the coordinator's rows and the wrong states).
        new("proposeGroupExchange", Now(b => new
            {
                communityId = b.Riverside.Id, description = "sewing", onBehalfOfMemberId = b.Member("maria"),
                shares = new[] { new { receiverMemberId = b.Member("tom"), minutes = 30 }, new { receiverMemberId = b.Member("coordinator"), minutes = 30 } },
            }),
            ("tom", Forbidden), Forbidden, NotFound, Forbidden),
        new("completeGroupExchange", async b => new { groupExchangeId = await GroupExchangeWrongPersonTests.GroupAsync(b, "one accepted", accepting: ["tom"]) },
            ("tom", Forbidden), NotFound, NotFound, Forbidden),
        // Corrections and period closes are a coordinator's; an auditor reads them and changes nothing.
        new("reverseEntry", async b => new { entryId = await SettlementEntryAsync(b), reason = "settled by mistake" }, ("tom", Forbidden), Forbidden, NotFound, Forbidden),
        new("closePeriod", Now(b => new { communityId = b.Riverside.Id, endsAt = b.App.Clock.GetUtcNow() }), ("tom", Forbidden), Forbidden, NotFound, Forbidden),
        // Challenges are maria's (proposer and lead); proposing for yourself is every member's right, for someone else a coordinator's.
        new("proposeChallenge", Now(b => new { communityId = b.Riverside.Id, title = "t", needs = new[] { new { categoryId = b.CategoryId, minutes = 60 } }, onBehalfOfMemberId = b.Member("maria") }),
            ("tom", Forbidden), Forbidden, NotFound, Forbidden),
        new("approveChallenge", async b => new { challengeId = await ChallengeAsync(b, "PROPOSED") }, ("maria", Forbidden), Forbidden, NotFound, Forbidden),
        new("declineChallenge", async b => new { challengeId = await ChallengeAsync(b, "PROPOSED"), reason = "no" }, ("maria", Forbidden), Forbidden, NotFound, Forbidden),
        new("updateChallenge", async b => new { challengeId = await ChallengeAsync(b, "OPEN"), title = "changed" }, ("tom", Forbidden), Forbidden, NotFound, Forbidden),
        new("markChallengeAchieved", async b => new { challengeId = await ChallengeAsync(b, "OPEN") }, ("tom", Forbidden), Forbidden, NotFound, Forbidden),
        new("closeChallenge", async b => new { challengeId = await ChallengeAsync(b, "OPEN") }, ("maria", Forbidden), Forbidden, NotFound, Forbidden),
        new("createChallengeFromNeeds", Now(b => new { communityId = b.Riverside.Id, categoryIds = new[] { b.CategoryId }, title = "t", unansweredForDays = 0 }),
            ("tom", Forbidden), Forbidden, NotFound, Forbidden),
    ];

    public static TheoryData<string, string> Attempts()
    {
        var data = new TheoryData<string, string>();
        foreach (var row in Cases)
        {
            foreach (var attempt in People(row).Where(p => p.Code != Allowed))
            {
                data.Add(row.Mutation, attempt.Person);
            }
        }
        return data;
    }

    [Fact]
    public async Task EveryMutationOfTheSchemaHasARow()
    {
        var mutations = (await bank.MutationsAsync()).Keys;

        Assert.Empty(mutations.Except(Cases.Select(c => c.Mutation)).Except(Public).Except(CoveredElsewhere));
        Assert.Empty(Cases.Select(c => c.Mutation).Concat(Public).Concat(CoveredElsewhere).Except(mutations));
    }

    [Theory]
    [MemberData(nameof(Attempts))]
    public async Task TheWrongPersonGetsItsCodeAndNothingChanges(string mutation, string person)
    {
        var row = Cases.Single(c => c.Mutation == mutation);
        var input = await row.Input(bank);
        var before = bank.Fingerprint();

        var response = await bank.MutateAsync(mutation, person, input);

        Assert.Equal(People(row).Single(p => p.Person == person).Code, SecurityBank.ErrorCode(response, mutation));
        Assert.Equal(before, bank.Fingerprint());
    }

    private static IEnumerable<(string Person, string Code)> People(Case row) =>
    [
        ("", row.Anonymous),
        row.Member,
        ("nina", row.NonParty),
        ("other-coordinator", row.OtherCoordinator),
        ("audrey", row.Auditor),
    ];

    private static Func<SecurityBank, Task<object>> Now(Func<SecurityBank, object> input) => b => Task.FromResult(input(b));

    private static Task<string> OpenListingAsync(SecurityBank b) => b.OnceAsync("listing", () => b.ListingAsync("maria", "OFFER", "bike repair"));

    private static Task<string> PausedListingAsync(SecurityBank b) => b.OnceAsync("paused listing", async () =>
    {
        var id = await b.ListingAsync("maria", "OFFER", "dog walking");
        await b.OkAsync("pauseListing", "maria", new { listingId = id });
        return id;
    });

    private static Task<string> ChallengeAsync(SecurityBank b, string status) =>
        b.OnceAsync("challenge " + status, () => ChallengeDriver.InStatusAsync(b, status));

    private static Task<string> ExchangeAsync(SecurityBank b, string status) => b.OnceAsync(status, () => b.ExchangeAsync(status));

    private static Task<string> SettlementEntryAsync(SecurityBank b) => b.OnceAsync("settlement entry", async () =>
    {
        var exchange = await b.ReadExchangeAsync(await ExchangeAsync(b, "SETTLED"));
        return TimeBank.GraphQL.Relay.GlobalId.Encode("LedgerEntry", (long)exchange["settlementEntrySequence"]!);
    });
}
