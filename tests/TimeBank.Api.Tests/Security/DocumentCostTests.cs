using System.Globalization;
using System.Text.RegularExpressions;
using GraphQL;
using Microsoft.Extensions.DependencyInjection;
using TimeBank.Api.Schema;
using TimeBank.Api.Tests.Infrastructure;
using TimeBank.GraphQL.Relay;

namespace TimeBank.Api.Tests.Security;

/// <summary>
/// What the README's example documents and the screens cost against the complexity budget (5,000), as the
/// README states them: the analyzer runs with a budget of 0, so it refuses every document and says its cost.
/// When a change of the schema or of a list's bound moves a figure, update the README with it.
/// </summary>
public sealed partial class DocumentCostTests(TimeBankApplication app) : IClassFixture<TimeBankApplication>
{
    public static TheoryData<int, string> Documents => new()
    {
        { 43, """mutation { login(input: { email: "maria@demo.timebank.local", password: "tb-maria-demo-2026" }) { accessToken errors { code message } } }""" },
        { 73, "query { me { email memberships { displayName status community { slug } account { balanceMinutes availableMinutes } } } }" },
        { 1_242, "query { me { memberships { account { balanceMinutes statement(first: 20) { nodes { entrySequence kind memo minutes balanceAfterMinutes effectiveAt } } } } } }" },
        { 42, """query($c: ID!) { listings(communityId: $c, filter: { text: "bike rep" }, sort: RELEVANCE, first: 10) { nodes { title tags owner { displayName } } } }""" },
        { 12, "subscription { matchFound { score reasons sharedTags offer { title owner { displayName } } request { title owner { displayName } } } }" },
        // The two screens.
        { 2_632, """
            { me { memberships { account { statement(first: 20) { edges { node { entrySequence minutes balanceAfterMinutes
              exchange { id status provider { id displayName } receiver { id displayName } } } } } } } } }
            """ },
        { 3_032, "{ me { memberships { account { statement(first: 100) { nodes { entrySequence minutes balanceAfterMinutes } } } } } }" },
    };

    [Theory]
    [MemberData(nameof(Documents))]
    public async Task ADocumentCostsWhatTheReadmeSays(int cost, string query)
    {
        await using var unbudgeted = app.WithWebHostBuilder(builder => builder.UseSetting("GraphQL:MaxComplexity", "0"));
        var executer = unbudgeted.Services.GetRequiredService<IDocumentExecuter<TimeBankSchema>>();
        using var scope = unbudgeted.Services.CreateScope();

        var result = await executer.ExecuteAsync(new ExecutionOptions
        {
            Query = query,
            // A well-formed community ID, so the typed-ID check lets validation reach the analyzer.
            Variables = new Inputs(new Dictionary<string, object?> { ["c"] = GlobalId.Encode("Community", 1L) }),
            RequestServices = scope.ServiceProvider,
        });

        var message = Assert.Single(result.Errors ?? []).Message;
        Assert.Equal(cost, int.Parse(CostInMessage().Match(message).Groups[1].Value, CultureInfo.InvariantCulture));
    }

    [GeneratedRegex("Complexity is ([0-9]+);")]
    private static partial Regex CostInMessage();
}
