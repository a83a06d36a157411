using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using TimeBank.Api.Data;
using TimeBank.Api.Tests.Features.Exchanges;
using TimeBank.Api.Tests.Infrastructure;
using TimeBank.Ledger.Writes;

namespace TimeBank.Api.Tests.Features.Audit;

/// <summary>
/// Riverside with its coordinator, members and auditor (audrey), a settled exchange (maria received 45 minutes from
/// tom), and hillside, whose "outsider" is made hillside's auditor: an auditor of another community.
/// </summary>
public sealed class AuditFixture : IAsyncLifetime
{
    public ExchangesFixture Bank { get; } = new();

    public TimeBankApplication App => Bank.App;

    public string SettledExchangeId { get; private set; } = "";

    public async Task InitializeAsync()
    {
        await Bank.InitializeAsync();
        TestCommunity.Ok(await App.GraphQLAsync(
            "mutation($input: SetMemberRolesInput!) { setMemberRoles(input: $input) { errors { code message } } }",
            new { input = new { memberId = Bank.Hillside.People["outsider"].MemberId, coordinator = false, auditor = true } }, Bank.AdminToken), "setMemberRoles");
        SettledExchangeId = await Bank.InStatusAsync("SETTLED");
    }

    public async Task DisposeAsync() => await Bank.DisposeAsync();

    /// <summary>
    /// A caller by role: admin, coordinator, auditor (audrey), member (maria), hillside's auditor (another community),
    /// anonymous (null).
    /// </summary>
    public string? Token(string who) => who switch
    {
        "admin" => Bank.AdminToken,
        "anonymous" => null,
        "auditor" => Bank.Token("audrey"),
        "other-auditor" => Bank.Token("outsider"),
        "other-coordinator" => Bank.Hillside.People["coordinator"].Token,
        _ => Bank.Token(who),
    };

    public Task<JsonObject> QueryAsync(string who, string query, object? variables = null) => App.GraphQLAsync(query, variables, Token(who));

    /// <summary>A ledger write the API has no mutation for yet (reversals come with reverseEntry), made on the API's own writer.</summary>
    public Task<LedgerResult> SubmitAsync(LedgerCommand command) =>
        App.Services.GetRequiredService<LedgerWriter<TimeBankDbContext>>().SubmitAsync(command);

    /// <summary>The global id of a member's ledger account.</summary>
    public async Task<string> AccountIdOfAsync(string person)
    {
        var response = await App.GraphQLAsync("query($id: ID!) { node(id: $id) { ... on Member { account { id } } } }", new { id = Bank.Member(person) }, Bank.AdminToken);
        return (string?)response["data"]?["node"]?["account"]?["id"] ?? throw new InvalidOperationException(response.ToJsonString());
    }
}
