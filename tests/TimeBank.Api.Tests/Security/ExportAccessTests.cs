using System.Net;
using System.Text.Json.Nodes;
using TimeBank.Api.Tests.Features.Audit;

namespace TimeBank.Api.Tests.Security;

/// <summary>
/// Who may download a community's ledger exports (<c>/exports/communities/{id}/...</c>): its auditors and coordinators and
/// deployment admins. Without a token: 401 with the Bearer challenge; a member: 403; anyone outside the community (another
/// community's auditor or coordinator included): 404, as for a community that does not exist. To cover a new export file, add it to <see cref="Files"/>; a new kind of
/// caller, a row to <see cref="Callers"/>.
/// </summary>
public sealed class ExportAccessTests(ExportsFixture bank) : IClassFixture<ExportsFixture>
{
    public static TheoryData<string> Files => new() { "journal.csv", "journal.hledger", "balances.csv", "evidence-pack.zip" };

    public static TheoryData<string, string, HttpStatusCode> Callers()
    {
        var rows = new TheoryData<string, string, HttpStatusCode>();
        foreach (var file in Files)
        {
            rows.Add(file, "", HttpStatusCode.Unauthorized);
            rows.Add(file, "garbage", HttpStatusCode.Unauthorized);
            rows.Add(file, "maria", HttpStatusCode.Forbidden);
            rows.Add(file, "outsider", HttpStatusCode.NotFound);
            rows.Add(file, "hillside-coordinator", HttpStatusCode.NotFound);
            rows.Add(file, "audrey", HttpStatusCode.OK);
            rows.Add(file, "coordinator", HttpStatusCode.OK);
            rows.Add(file, "admin", HttpStatusCode.OK);
        }
        return rows;
    }

    [Theory]
    [MemberData(nameof(Callers))]
    public async Task OnlyTheCommunitysAuditorsAndCoordinatorsDownload(string file, string person, HttpStatusCode expected)
    {
        var token = person switch { "" => null, "garbage" => "garbage", _ => bank.Token(person) };
        using var http = bank.App.CreateClient();

        using var response = await bank.DownloadAsync(http, file, token);

        var body = await response.Content.ReadAsStringAsync();
        Assert.True(expected == response.StatusCode, $"{file} as '{person}': HTTP {(int)response.StatusCode} {body}");
        Assert.True(response.Headers.CacheControl?.NoStore, "an export or its refusal is never stored by a cache");
        if (expected == HttpStatusCode.OK)
        {
            Assert.Equal("attachment", response.Content.Headers.ContentDisposition?.DispositionType);
            Assert.EndsWith(file, response.Content.Headers.ContentDisposition?.FileName, StringComparison.Ordinal);
            return;
        }
        var code = (string?)JsonNode.Parse(body)?["errors"]?[0]?["extensions"]?["code"];
        Assert.Equal(expected switch
        {
            HttpStatusCode.Unauthorized => "UNAUTHENTICATED",
            HttpStatusCode.Forbidden => "FORBIDDEN",
            _ => "NOT_FOUND",
        }, code);
        if (expected == HttpStatusCode.Unauthorized)
        {
            Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
        }
    }

    [Theory]
    [InlineData("12")]
    [InlineData("Q29tbXVuaXR5Ojk5OTk")]
    [InlineData("TWVtYmVyOjE")]
    public async Task ACommunityIdThatIsNotAGlobalIdOfACommunityIsNotFound(string communityId)
    {
        using var http = bank.App.CreateClient();

        using var response = await bank.DownloadAsync(http, "journal.csv", bank.AdminToken, communityId);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Theory]
    [InlineData("?asOf=yesterday")]
    [InlineData("?asOf=2999-01-01T00:00:00Z")]
    public async Task AnAsOfThatIsNotATimeOrInTheFutureIsRefusedWithACode(string query)
    {
        using var http = bank.App.CreateClient();

        using var response = await bank.DownloadAsync(http, "balances.csv", bank.Token("audrey"), query: query);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("INVALID_INPUT", (string?)JsonNode.Parse(await response.Content.ReadAsStringAsync())?["errors"]?[0]?["extensions"]?["code"]);
    }
}
