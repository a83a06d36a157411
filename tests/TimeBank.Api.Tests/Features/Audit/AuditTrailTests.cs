using TimeBank.Api.Data.Entities;

namespace TimeBank.Api.Tests.Features.Audit;

/// <summary>
/// Every administrative act leaves exactly one audit record, written with the act: who did it, for whom, to what, and
/// what changed. The same act repeated, an act someone does for themself, and an act refused leave none.
/// </summary>
public sealed class AuditTrailTests(AuditTrailFixture bank) : IClassFixture<AuditTrailFixture>
{
    [Fact]
    public async Task ApprovingLeavesOneRecordAndApprovingAgainNone()
    {
        var id = await bank.ApplicantAsync("ada");

        await bank.OkAsync("coordinator", "approveMember", new { memberId = id });
        await bank.OkAsync("coordinator", "approveMember", new { memberId = id });

        var record = Assert.Single(await bank.RecordsAsync("member", AuditTrailFixture.Key(id, "Member")));
        await AssertRecordAsync(record, "member.approve", "coordinator", AuditTrailFixture.Key(id, "Member"), """{"status":"APPLIED"}""", """{"status":"ACTIVE"}""");
    }

    [Fact]
    public async Task DecliningRecordsTheReason()
    {
        var id = await bank.ApplicantAsync("bea");

        await bank.OkAsync("coordinator", "declineMember", new { memberId = id, reason = "lives too far away" });

        var record = Assert.Single(await bank.RecordsAsync("member", AuditTrailFixture.Key(id, "Member")));
        await AssertRecordAsync(record, "member.decline", "coordinator", AuditTrailFixture.Key(id, "Member"), """{"status":"APPLIED"}""", """{"status":"DECLINED"}""");
        Assert.Equal("lives too far away", record.Reason);
    }

    [Fact]
    public async Task SuspendingAndReinstatingLeaveOneRecordEach()
    {
        var id = await bank.NewMemberAsync("cid");
        var key = AuditTrailFixture.Key(id, "Member");

        await bank.OkAsync("coordinator", "suspendMember", new { memberId = id, reason = "unpaid debts" });
        await bank.OkAsync("coordinator", "suspendMember", new { memberId = id, reason = "unpaid debts" });
        await bank.OkAsync("coordinator", "reinstateMember", new { memberId = id, reason = "paid" });

        var records = (await bank.RecordsAsync("member", key)).Where(r => r.Action != "member.approve").ToList();
        Assert.Equal(["member.suspend", "member.reinstate"], records.Select(r => r.Action));
        await AssertRecordAsync(records[0], "member.suspend", "coordinator", key, """{"status":"ACTIVE"}""", """{"status":"SUSPENDED"}""");
        await AssertRecordAsync(records[1], "member.reinstate", "coordinator", key, """{"status":"SUSPENDED"}""", """{"status":"ACTIVE"}""");
        Assert.Equal(["unpaid debts", "paid"], records.Select(r => r.Reason));
    }

    [Fact]
    public async Task ChangingRolesRecordsTheRolesBeforeAndAfterOnce()
    {
        var id = await bank.NewMemberAsync("dot");
        var key = AuditTrailFixture.Key(id, "Member");

        await bank.OkAsync("coordinator", "setMemberRoles", new { memberId = id, coordinator = true, auditor = false });
        await bank.OkAsync("coordinator", "setMemberRoles", new { memberId = id, coordinator = true, auditor = false });

        var record = Assert.Single(await bank.RecordsAsync("member", key), r => r.Action == "member.roles");
        await AssertRecordAsync(record, "member.roles", "coordinator", key, """{"roles":["MEMBER"]}""", """{"roles":["MEMBER","COORDINATOR"]}""");
    }

    [Fact]
    public async Task ACoordinatorRemovingAMemberIsRecordedAndAMemberLeavingIsNot()
    {
        var removed = await bank.NewMemberAsync("eve");
        var leaving = await bank.NewMemberAsync("fay");

        await bank.OkAsync("coordinator", "leaveCommunity", new { memberId = removed, reason = "moved away" });
        var fay = await bank.App.LoginAsync("fay@test.local");
        var left = await bank.App.GraphQLAsync(
            "mutation($input: LeaveCommunityInput!) { leaveCommunity(input: $input) { errors { code } } }", new { input = new { memberId = leaving } }, fay);

        Assert.Empty(left["data"]!["leaveCommunity"]!["errors"]!.AsArray());
        var record = Assert.Single(await bank.RecordsAsync("member", AuditTrailFixture.Key(removed, "Member")), r => r.Action != "member.approve");
        await AssertRecordAsync(record, "member.remove", "coordinator", AuditTrailFixture.Key(removed, "Member"), """{"status":"ACTIVE"}""", """{"status":"LEFT"}""");
        Assert.Equal(["member.approve"], (await bank.RecordsAsync("member", AuditTrailFixture.Key(leaving, "Member"))).Select(r => r.Action));
    }

    [Fact]
    public async Task AnErasureNamesTheMemberOnlyAndErasesTheReasonsGivenAboutThem()
    {
        var id = await bank.NewMemberAsync("gus");
        var key = AuditTrailFixture.Key(id, "Member");
        await bank.OkAsync("coordinator", "suspendMember", new { memberId = id, reason = "shouted at Gus's neighbour" });

        await bank.OkAsync("admin", "eraseMember", new { memberId = id });

        var records = await bank.RecordsAsync("member", key);
        Assert.Equal(["member.approve", "member.suspend", "member.erase"], records.Select(r => r.Action));
        await AssertRecordAsync(records[2], "member.erase", "admin", key, null, null);
        Assert.All(records, r => Assert.Null(r.Reason));
    }

    [Fact]
    public async Task APolicyChangeRecordsItsRulesAndEachAccountsNewLimits()
    {
        var community = AuditTrailFixture.Key(bank.Hillside.Id, "Community");

        await bank.OkAsync("other-coordinator", "updateCommunityPolicy", new { communityId = bank.Hillside.Id, policy = new { floorMinutes = -900, ceilingMinutes = 9000 } });

        var policy = Assert.Single(await bank.RecordsAsync("community", community));
        await AssertRecordAsync(policy, "community.policy", "other-coordinator", null, policy.BeforeJson, policy.AfterJson);
        Assert.Contains("\"version\":1,\"floorMinutes\":", policy.BeforeJson, StringComparison.Ordinal);
        Assert.Contains("\"version\":2,\"floorMinutes\":-900,\"ceilingMinutes\":9000,", policy.AfterJson, StringComparison.Ordinal);
        await using var db = await bank.CreateDbContextAsync();
        var members = db.Members.Where(m => m.CommunityId == community).ToDictionary(m => m.AccountId!.Value, m => m.Id);
        var limits = db.AuditRecords.Where(r => r.Action == "account.limits" && r.CommunityId == community).ToList();
        Assert.Equal(members.Keys.Order(), limits.Select(r => r.SubjectId).Order());
        Assert.All(limits, r =>
        {
            Assert.Equal("account", r.SubjectType);
            Assert.Equal(members[r.SubjectId], r.PrincipalMemberId);
            Assert.EndsWith("\"policyVersion\":2,\"floorMinutes\":-900,\"ceilingMinutes\":9000}", r.AfterJson, StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task AddingAndChangingACategoryAreRecordedAndAChangeOfNothingIsNot()
    {
        var added = await bank.OkAsync("coordinator", "addCategory", new { communityId = bank.Riverside.Id, slug = "knitting", name = "Knitting" }, "category { id }");
        var id = (string)added["category"]!["id"]!;
        await bank.OkAsync("coordinator", "addCategory", new { communityId = bank.Riverside.Id, slug = "knitting", name = "Knitting" });

        await bank.OkAsync("coordinator", "updateCategory", new { categoryId = id, name = "Knitting and crochet" });
        await bank.OkAsync("coordinator", "updateCategory", new { categoryId = id, name = "Knitting and crochet" });

        var records = await bank.RecordsAsync("category", AuditTrailFixture.Key(id, "Category"));
        Assert.Equal(2, records.Count);
        await AssertRecordAsync(records[0], "category.add", "coordinator", null, null,
            """{"slug":"knitting","name":"Knitting","description":null,"isArchived":false}""");
        await AssertRecordAsync(records[1], "category.update", "coordinator", null,
            """{"slug":"knitting","name":"Knitting","description":null,"isArchived":false}""",
            """{"slug":"knitting","name":"Knitting and crochet","description":null,"isArchived":false}""");
    }

    [Fact]
    public async Task StepsACoordinatorTakesForAPartyAreRecordedAndThePartiesOwnStepsAreNot()
    {
        var proposed = await bank.OkAsync("coordinator", "proposeExchange",
            new { counterpartMemberId = bank.Member("tom"), myRole = "RECEIVER", minutes = 60, onBehalfOfMemberId = bank.Member("maria") }, "exchange { id }");
        var id = (string)proposed["exchange"]!["id"]!;
        await bank.OkAsync("tom", "acceptExchange", new { exchangeId = id });
        await bank.OkAsync("coordinator", "completeExchange", new { exchangeId = id, minutes = 45 });
        await bank.OkAsync("coordinator", "acknowledgeExchange", new { exchangeId = id });
        await bank.OkAsync("coordinator", "acknowledgeExchange", new { exchangeId = id });

        var records = await bank.RecordsAsync("exchange", AuditTrailFixture.Key(id, "Exchange"));
        Assert.Equal(["exchange.propose.on-behalf", "exchange.complete.on-behalf", "exchange.acknowledge.on-behalf"], records.Select(r => r.Action));
        await AssertRecordAsync(records[0], "exchange.propose.on-behalf", "coordinator", bank.MemberKey("maria"), null, """{"status":"REQUESTED","minutes":60}""");
        await AssertRecordAsync(records[1], "exchange.complete.on-behalf", "coordinator", bank.MemberKey("tom"), """{"status":"ACCEPTED"}""", """{"status":"COMPLETED","minutes":45}""");
        // Written by the ledger writer's prepared statement, beside the settlement entry.
        await AssertRecordAsync(records[2], "exchange.acknowledge.on-behalf", "coordinator", bank.MemberKey("maria"), """{"status":"COMPLETED"}""", """{"status":"SETTLED","minutes":45}""");
    }

    [Fact]
    public async Task RecordingAnExchangeOnAMembersBehalfIsRecordedBesideItsEntry()
    {
        var recorded = await bank.OkAsync("coordinator", "recordExchange",
            new { providerMemberId = bank.Member("tom"), minutes = 20, onBehalfOfMemberId = bank.Member("maria") }, "exchange { id }");

        var record = Assert.Single(await bank.RecordsAsync("exchange", AuditTrailFixture.Key((string)recorded["exchange"]!["id"]!, "Exchange")));
        await AssertRecordAsync(record, "exchange.record.on-behalf", "coordinator", bank.MemberKey("maria"), null, """{"status":"SETTLED","minutes":20}""");
    }

    [Fact]
    public async Task ResolvingADisputeIsRecordedForNeitherParty()
    {
        var id = (string)(await bank.OkAsync("maria", "proposeExchange", new { counterpartMemberId = bank.Member("tom"), myRole = "RECEIVER", minutes = 60 }, "exchange { id }"))["exchange"]!["id"]!;
        await bank.OkAsync("tom", "acceptExchange", new { exchangeId = id });
        await bank.OkAsync("tom", "completeExchange", new { exchangeId = id, minutes = 60 });
        await bank.OkAsync("maria", "disputeExchange", new { exchangeId = id, reason = "it took half the time" });

        await bank.OkAsync("coordinator", "resolveDispute", new { exchangeId = id, minutes = 30, note = "half" });

        var record = Assert.Single(await bank.RecordsAsync("exchange", AuditTrailFixture.Key(id, "Exchange")));
        await AssertRecordAsync(record, "exchange.resolve", "coordinator", null, """{"status":"DISPUTED"}""", """{"status":"SETTLED","minutes":30}""");
    }

    [Fact]
    public async Task ARefusedActLeavesNoRecord()
    {
        var before = await bank.CountAllAsync();

        Assert.Equal("FORBIDDEN", await bank.ErrorCodeAsync("tom", "suspendMember", new { memberId = bank.Member("maria") }));
        Assert.Equal("NOT_FOUND", await bank.ErrorCodeAsync("other-coordinator", "setMemberRoles", new { memberId = bank.Member("maria"), coordinator = true, auditor = false }));
        // Refused by the ledger inside its transaction: the record written beside the entry rolls back with it.
        Assert.Equal("INSUFFICIENT_CREDIT", await bank.ErrorCodeAsync("coordinator", "recordExchange",
            new { providerMemberId = bank.Member("tom"), minutes = 1440, onBehalfOfMemberId = bank.Member("nina") }));

        Assert.Equal(before, await bank.CountAllAsync());
    }

    private async Task AssertRecordAsync(AuditRecord record, string action, string actor, long? principal, string? before, string? after)
    {
        Assert.Equal(action, record.Action);
        Assert.Equal(await bank.UserIdAsync(actor), record.ActorUserId);
        Assert.Equal(principal, record.PrincipalMemberId);
        Assert.Equal(before, record.BeforeJson);
        Assert.Equal(after, record.AfterJson);
        Assert.Equal(bank.App.Clock.GetUtcNow().UtcDateTime, record.RecordedAt);
    }
}
