using System.Net.Http.Headers;
using TimeBank.Api.Tests.Infrastructure;

namespace TimeBank.Api.Tests.Features.Audit;

/// <summary>
/// The API on a real Kestrel port (exports are plain HTTP downloads, streamed): "riverside" (coordinator, maria, tom,
/// audrey the auditor) and "hillside" (its coordinator, and the outsider, hillside's auditor), made over the API.
/// </summary>
public sealed class ExportsFixture : IAsyncLifetime
{
    public TimeBankApplication App { get; } = new();

    public string AdminToken { get; private set; } = "";

    public TestCommunity Riverside { get; private set; } = null!;

    public TestCommunity Hillside { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        App.UseKestrel(ApiProcess.FreePort());
        App.StartServer();
        AdminToken = await App.RegisterAsync(TimeBankApplication.AdminEmail);
        Riverside = await TestCommunity.CreateAsync(App, AdminToken, "riverside", "maria", "tom", "audrey");
        Hillside = await TestCommunity.CreateAsync(App, AdminToken, "hillside", "outsider");
        TestCommunity.Ok(await App.GraphQLAsync(
            "mutation($input: SetMemberRolesInput!) { setMemberRoles(input: $input) { errors { code message } } }",
            new { input = new { memberId = Riverside.People["audrey"].MemberId, coordinator = false, auditor = true } }, AdminToken),
            "setMemberRoles");
        TestCommunity.Ok(await App.GraphQLAsync(
            "mutation($input: SetMemberRolesInput!) { setMemberRoles(input: $input) { errors { code message } } }",
            new { input = new { memberId = Hillside.People["outsider"].MemberId, coordinator = false, auditor = true } }, AdminToken),
            "setMemberRoles");
    }

    /// <summary>The token of a person: <c>admin</c>, a riverside name, <c>hillside-coordinator</c> or <c>outsider</c>.</summary>
    public string Token(string person) => person switch
    {
        "admin" => AdminToken,
        "hillside-coordinator" => Hillside.People["coordinator"].Token,
        "outsider" => Hillside.People["outsider"].Token,
        _ => Riverside.People[person].Token,
    };

    /// <summary>GETs an export of riverside (or <paramref name="communityId"/>), headers first, the body left to read.</summary>
    public async Task<HttpResponseMessage> DownloadAsync(HttpClient http, string file, string? token, string? communityId = null, string query = "")
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/exports/communities/{communityId ?? Riverside.Id}/{file}{query}");
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
        return await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
    }

    public async Task DisposeAsync() => await App.DisposeAsync();
}
