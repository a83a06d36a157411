using System.Text.Json.Nodes;

namespace TimeBank.Api.Tests.Security;

/// <summary>
/// Group exchanges refused to the wrong person and from the wrong state, with no row of any table changed. Groups are
/// maria's (provider) with tom and the coordinator as receivers, so a coordinator who is a receiver is among the wrong
/// people: they act for the provider only when they are no party. To cover a new group-exchange mutation or state, add
/// a line to <see cref="People"/> or <see cref="States"/>. The same mutations' rows in <see cref="WrongPersonMatrixTests"/> and
/// <see cref="AuditorMutationTests"/> cover them among every other mutation.
/// </summary>
public sealed class GroupExchangeWrongPersonTests(SecurityBank bank) : IClassFixture<SecurityBank>
{
    /// <summary>A row: a mutation, its input, who tries it and the code they get.</summary>
    private sealed record Attempt(string Name, string Mutation, string Person, Func<SecurityBank, Task<object>> Input, string Code);

    private static readonly Attempt[] People =
    [
        .. Everyone("proposeGroupExchange", b => Task.FromResult(ProposeInput(b, "maria", onBehalf: true, "tom", "coordinator")),
            ("", "UNAUTHENTICATED"), ("tom", "FORBIDDEN"), ("nina", "FORBIDDEN"), ("other-coordinator", "NOT_FOUND"), ("audrey", "FORBIDDEN"),
            // A receiver never proposes on the provider's behalf: they would be the one agreeing to be debited.
            ("coordinator", "FORBIDDEN")),
        .. Everyone("completeGroupExchange", async b => new { groupExchangeId = await OneAcceptedAsync(b) },
            ("", "UNAUTHENTICATED"), ("tom", "FORBIDDEN"), ("nina", "NOT_FOUND"), ("other-coordinator", "NOT_FOUND"), ("audrey", "FORBIDDEN"),
            ("coordinator", "FORBIDDEN")),
    ];

    private static readonly Attempt[] States =
    [
        new("nothing accepted", "completeGroupExchange", "maria", async b => new { groupExchangeId = await GroupAsync(b, "nothing accepted") }, "WRONG_STATUS"),
        new("every share declined", "completeGroupExchange", "maria",
            async b => new { groupExchangeId = await GroupAsync(b, "every share declined", declining: ["tom", "coordinator"]) }, "WRONG_STATUS"),
        new("completed, other minutes", "completeGroupExchange", "maria", async b => new
        {
            groupExchangeId = await GroupAsync(b, "completed", accepting: ["tom"], complete: true),
            shares = new[] { new { receiverMemberId = b.Member("tom"), minutes = 5 } },
        }, "IDEMPOTENCY_CONFLICT"),
        new("minutes for a declined share", "completeGroupExchange", "maria", async b => new
        {
            groupExchangeId = await GroupAsync(b, "one declined", accepting: ["tom"], declining: ["coordinator"]),
            shares = new[] { new { receiverMemberId = b.Member("coordinator"), minutes = 5 } },
        }, "WRONG_STATUS"),
        new("more than agreed", "completeGroupExchange", "maria", async b => new
        {
            groupExchangeId = await OneAcceptedAsync(b),
            shares = new[] { new { receiverMemberId = b.Member("tom"), minutes = 31 } },
        }, "INVALID_INPUT"),
        new("minutes for a non-receiver", "completeGroupExchange", "maria", async b => new
        {
            groupExchangeId = await OneAcceptedAsync(b),
            shares = new[] { new { receiverMemberId = b.Member("nina"), minutes = 5 } },
        }, "INVALID_INPUT"),
        new("a share completed alone", "completeExchange", "maria", async b => new { exchangeId = await ShareAsync(b, await OneAcceptedAsync(b), "tom"), minutes = 10 },
            "INVALID_INPUT"),
        new("accepting a share the completion cancelled", "acceptExchange", "coordinator",
            async b => new { exchangeId = await ShareAsync(b, await GroupAsync(b, "completed", accepting: ["tom"], complete: true), "coordinator") }, "WRONG_STATUS"),
        new("a suspended receiver", "proposeGroupExchange", "maria", b => Task.FromResult(ProposeInput(b, "maria", onBehalf: false, "tom", "sam")), "WRONG_STATUS"),
        new("a receiver of another community", "proposeGroupExchange", "maria", b => Task.FromResult(ProposeInput(b, "maria", onBehalf: false, "tom", "hal")), "NOT_FOUND"),
        new("the provider among the receivers", "proposeGroupExchange", "maria", b => Task.FromResult(ProposeInput(b, "maria", onBehalf: false, "tom", "maria")), "INVALID_INPUT"),
        new("one receiver", "proposeGroupExchange", "maria", b => Task.FromResult(ProposeInput(b, "maria", onBehalf: false, "tom")), "INVALID_INPUT"),
        new("a receiver twice", "proposeGroupExchange", "maria", b => Task.FromResult(ProposeInput(b, "maria", onBehalf: false, "tom", "tom")), "INVALID_INPUT"),
        new("fifty-one receivers", "proposeGroupExchange", "maria",
            b => Task.FromResult<object>(new
            {
                communityId = b.Riverside.Id,
                description = "a sewing workshop",
                shares = Enumerable.Range(1, 51).Select(i => new { receiverMemberId = TimeBank.GraphQL.Relay.GlobalId.Encode("Member", (long)i), minutes = 30 }).ToArray(),
            }), "INVALID_INPUT"),
        new("a closed listing", "proposeGroupExchange", "maria", async b => new
        {
            communityId = b.Riverside.Id,
            description = "pottery",
            shares = Shares(b, "tom", "nina"),
            listingId = await b.OnceAsync("closed offer", async () =>
            {
                var id = await b.ListingAsync("maria", "OFFER", "pottery");
                await b.OkAsync("closeListing", "maria", new { listingId = id });
                return id;
            }),
        }, "WRONG_STATUS"),
        new("someone else's listing", "proposeGroupExchange", "maria", async b => new
        {
            communityId = b.Riverside.Id,
            description = "pottery",
            shares = Shares(b, "tom", "nina"),
            listingId = await b.OnceAsync("tom's offer", () => b.ListingAsync("tom", "OFFER", "wheel throwing")),
        }, "INVALID_INPUT"),
    ];

    public static TheoryData<string> PeopleNames() => [.. People.Select(a => a.Name)];

    public static TheoryData<string> StateNames() => [.. States.Select(a => a.Name)];

    [Theory]
    [MemberData(nameof(PeopleNames))]
    public Task TheWrongPersonGetsItsCodeAndNothingChanges(string name) => RefusedAsync(People.Single(a => a.Name == name));

    [Theory]
    [MemberData(nameof(StateNames))]
    public Task TheWrongStateOrInputGetsItsCodeAndNothingChanges(string name) => RefusedAsync(States.Single(a => a.Name == name));

    [Fact]
    public async Task ACoordinatorWhoIsNoPartyCompletesForTheProviderAndIsRecorded()
    {
        var group = await GroupAsync(bank, "for the coordinator", accepting: ["tom"], receivers: ["tom", "nina"]);

        var completed = await bank.OkAsync("completeGroupExchange", "coordinator", new { groupExchangeId = group });

        var share = await bank.ReadExchangeAsync(await ShareAsync(bank, group, "tom"));
        var step = share["timeline"]!.AsArray().Last()!;
        Assert.Equal("COMPLETED", (string?)share["status"]);
        Assert.Equal(("complete", "maria"), ((string)step["action"]!, (string)step["principal"]!["displayName"]!));
        Assert.Equal("COMPLETED", (string?)completed["groupExchange"]!["status"]);
    }

    private async Task RefusedAsync(Attempt attempt)
    {
        var input = await attempt.Input(bank);
        var before = bank.Fingerprint();

        var response = await bank.MutateAsync(attempt.Mutation, attempt.Person, input);

        Assert.Equal(attempt.Code, SecurityBank.ErrorCode(response, attempt.Mutation));
        Assert.Equal(before, bank.Fingerprint());
    }

    private static IEnumerable<Attempt> Everyone(string mutation, Func<SecurityBank, Task<object>> input, params (string Person, string Code)[] people) =>
        people.Select(p => new Attempt($"{mutation} by {(p.Person.Length == 0 ? "anonymous" : p.Person)}", mutation, p.Person, input, p.Code));

    private static object ProposeInput(SecurityBank b, string provider, bool onBehalf, params string[] receivers) => new
    {
        communityId = b.Riverside.Id,
        description = "a sewing workshop",
        shares = Shares(b, receivers),
        onBehalfOfMemberId = onBehalf ? b.Member(provider) : null,
    };

    private static object[] Shares(SecurityBank b, params string[] receivers) =>
        [.. receivers.Select(r => new { receiverMemberId = b.Member(r), minutes = 30 })];

    private static Task<string> OneAcceptedAsync(SecurityBank b) => GroupAsync(b, "one accepted", accepting: ["tom"]);

    /// <summary>
    /// A group of maria's (made once per <paramref name="key"/>) to <paramref name="receivers"/> (tom and the coordinator by
    /// default), 30 minutes each: those <paramref name="accepting"/> accept, those <paramref name="declining"/> decline, and
    /// maria completes it if <paramref name="complete"/>. Returns its ID.
    /// </summary>
    public static Task<string> GroupAsync(
        SecurityBank b, string key, string[]? accepting = null, string[]? declining = null, bool complete = false, string[]? receivers = null, string provider = "maria") =>
        b.OnceAsync("group: " + key, async () =>
        {
            var proposed = await b.OkAsync("proposeGroupExchange", provider, new
            {
                communityId = b.Riverside.Id,
                description = "a sewing workshop",
                shares = Shares(b, receivers ?? ["tom", "coordinator"]),
            });
            var group = proposed["groupExchange"]!;
            foreach (var person in accepting ?? [])
            {
                await b.OkAsync("acceptExchange", person, new { exchangeId = ShareOf(group, person) });
            }
            foreach (var person in declining ?? [])
            {
                await b.OkAsync("declineExchange", person, new { exchangeId = ShareOf(group, person) });
            }
            if (complete)
            {
                await b.OkAsync("completeGroupExchange", provider, new { groupExchangeId = (string)group["id"]! });
            }
            return (string)group["id"]!;
        });

    /// <summary>The ID of <paramref name="person"/>'s share of a group, as the admin reads it.</summary>
    public static async Task<string> ShareAsync(SecurityBank b, string groupId, string person)
    {
        var response = await b.App.GraphQLAsync("query($id: ID!) { groupExchange(id: $id) { shares { id receiver { displayName } } } }", new { id = groupId }, b.AdminToken);
        return ShareOf(response["data"]!["groupExchange"]!, person);
    }

    private static string ShareOf(JsonNode group, string person) =>
        (string)group["shares"]!.AsArray().Single(s => (string?)s!["receiver"]!["displayName"] == person)!["id"]!;
}
