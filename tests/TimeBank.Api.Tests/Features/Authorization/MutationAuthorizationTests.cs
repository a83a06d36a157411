namespace TimeBank.Api.Tests.Features.Authorization;

/// <summary>
/// Every mutation, tried by the wrong person: anonymous, a plain member of the same community, and the
/// coordinator of another community. Each gets its error code, and nothing in the database changes.
/// </summary>
public sealed class MutationAuthorizationTests(WrongPersonFixture bank) : IClassFixture<WrongPersonFixture>
{
    public static TheoryData<string, string, string> Cases()
    {
        var data = new TheoryData<string, string, string>();
        foreach (var (mutation, member, outsider) in new (string, string, string)[]
        {
            ("createCommunity", "FORBIDDEN", "FORBIDDEN"),
            ("updateCommunityPolicy", "FORBIDDEN", "FORBIDDEN"),
            ("addCategory", "FORBIDDEN", "FORBIDDEN"),
            ("updateCategory", "FORBIDDEN", "FORBIDDEN"),
            ("approveMember", "FORBIDDEN", "NOT_FOUND"),
            ("declineMember", "FORBIDDEN", "NOT_FOUND"),
            ("suspendMember", "FORBIDDEN", "NOT_FOUND"),
            ("reinstateMember", "FORBIDDEN", "NOT_FOUND"),
            ("leaveCommunity", "FORBIDDEN", "NOT_FOUND"),
            ("updateProfile", "FORBIDDEN", "NOT_FOUND"),
            ("setMemberRoles", "FORBIDDEN", "NOT_FOUND"),
            ("eraseMember", "FORBIDDEN", "FORBIDDEN"),
        })
        {
            data.Add(mutation, "anonymous", "UNAUTHENTICATED");
            data.Add(mutation, "another member", member);
            data.Add(mutation, "another community's coordinator", outsider);
        }
        data.Add("joinCommunity", "anonymous", "UNAUTHENTICATED");
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task RefusesTheWrongPersonAndChangesNothing(string mutation, string actor, string expectedCode)
    {
        var (document, input) = Request(mutation);
        var token = actor switch
        {
            "anonymous" => null,
            "another member" => bank.Riverside.People["tom"].Token,
            _ => bank.Hillside.People["coordinator"].Token,
        };
        var before = bank.Fingerprint();

        var response = await bank.App.GraphQLAsync(document, new { input }, token);

        var errors = response["data"]?[mutation]?["errors"]?.AsArray();
        Assert.True(errors is { Count: 1 }, response.ToJsonString());
        Assert.Equal(expectedCode, (string?)errors[0]!["code"]);
        Assert.Equal(before, bank.Fingerprint());
    }

    private (string Document, object Input) Request(string mutation)
    {
        var maria = bank.Riverside.People["maria"].MemberId;
        object input = mutation switch
        {
            "createCommunity" => new { slug = "new-bank", name = "New", timeZone = "Europe/Lisbon" },
            "updateCommunityPolicy" => new { communityId = bank.Riverside.Id, policy = new { floorMinutes = -6000 } },
            "addCategory" => new { communityId = bank.Riverside.Id, slug = "juggling", name = "Juggling" },
            "updateCategory" => new { categoryId = bank.CategoryId, isArchived = true },
            "approveMember" or "declineMember" => new { memberId = bank.ApplicantId },
            "reinstateMember" => new { memberId = bank.SuspendedId },
            "updateProfile" => new { memberId = maria, bio = "changed" },
            "setMemberRoles" => new { memberId = maria, coordinator = true, auditor = true },
            "joinCommunity" => new { communityId = bank.Riverside.Id, displayName = "Ghost" },
            _ => new { memberId = maria },
        };
        var inputType = char.ToUpperInvariant(mutation[0]) + mutation[1..] + "Input";
        return ($"mutation($input: {inputType}!) {{ {mutation}(input: $input) {{ errors {{ code message path }} }} }}", input);
    }
}
