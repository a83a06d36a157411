using TimeBank.Api.Tests.Features.Impact;

namespace TimeBank.Api.Tests.Security;

/// <summary>
/// communityImpact is the community's own: its active members, coordinators and auditors read it; anonymous callers and
/// another community's member, coordinator and auditor are told it does not exist (NOT_FOUND), as by-id look-ups answer.
/// To cover another caller, add a line to <see cref="Allowed"/> or <see cref="Refused"/>.
/// </summary>
[Collection(ImpactFixture.Collection)]
public sealed class CommunityImpactAccessTests(ImpactFixture impact)
{
    public static TheoryData<string> Allowed() => ["ben", "coordinator", "aud"];

    public static TheoryData<string> Refused() => ["", "hal", "hillside-coordinator", "hugo"];

    [Theory]
    [MemberData(nameof(Allowed))]
    public async Task TheCommunitysMembersCoordinatorsAndAuditorsReadIt(string person)
    {
        var response = await impact.ImpactAsync(person, "2026-12-01T00:00:00Z", "2027-01-01T00:00:00Z", "minutesExchanged");

        Assert.True(response["errors"] is null, response.ToJsonString());
        Assert.Equal(155, (long)response["data"]!["communityImpact"]!["minutesExchanged"]!);
    }

    [Theory]
    [MemberData(nameof(Refused))]
    public async Task AnyoneElseIsToldItDoesNotExist(string person)
    {
        var before = DatabaseFingerprintOf();

        var response = await impact.ImpactAsync(person, "2026-12-01T00:00:00Z", "2027-01-01T00:00:00Z", "minutesExchanged");

        Assert.Equal("NOT_FOUND", (string?)response["errors"]?[0]?["extensions"]?["code"]);
        Assert.Null(response["data"]);
        Assert.Equal(before, DatabaseFingerprintOf());
    }

    private string DatabaseFingerprintOf() => Infrastructure.DatabaseFingerprint.Of(impact.App);
}
