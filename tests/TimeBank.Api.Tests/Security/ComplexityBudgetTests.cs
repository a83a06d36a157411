using GraphQL.Types;
using Microsoft.Extensions.DependencyInjection;
using TimeBank.Api.Schema;
using TimeBank.Api.Tests.Infrastructure;
using TimeBank.GraphQL.Limits;

namespace TimeBank.Api.Tests.Security;

/// <summary>
/// Issue 12, finding 3: the complexity budget (5,000) must let real screens through and still refuse what
/// costs more. Each unpaged list of objects counts its selection as many times as it can really hold (declared
/// with <see cref="ListSize"/>; the schema test below fails for a list that declares nothing), a page as many
/// times as its <c>first</c>/<c>last</c> asks. To add a screen, add its query to <see cref="Screens"/>.
/// </summary>
public sealed class ComplexityBudgetTests(TimeBankApplication app) : IClassFixture<TimeBankApplication>
{
    /// <summary>The two screens of the issue, a statement page of 20 with its exchanges and one of 100.</summary>
    public static TheoryData<string> Screens => new()
    {
        """
        { me { memberships { account { statement(first: 20) { edges { node { entrySequence minutes balanceAfterMinutes
          exchange { id status provider { id displayName } receiver { id displayName } } } } } } } } }
        """,
        "{ me { memberships { account { statement(first: 100) { nodes { entrySequence minutes balanceAfterMinutes } } } } } }",
    };

    /// <summary>Documents that would make the server do far more than a screen needs.</summary>
    public static TheoryData<string> Costly => new()
    {
        "{ me { memberships { account { statement(first: 100) { nodes { exchange { timeline { at principal { displayName } } } } } } } } }",
        $"{{ {string.Join(' ', Enumerable.Range(0, 60).Select(i => $"l{i}: myExchanges(first: 100) {{ nodes {{ id status }} }}"))} }}",
    };

    [Theory]
    [MemberData(nameof(Screens))]
    public async Task AScreenFitsTheBudget(string query)
    {
        var token = await app.RegisterAsync($"screen-{Guid.NewGuid():N}@test.local");

        var response = await app.GraphQLAsync(query, token: token);

        Assert.True(response["errors"] is null, response["errors"]?.ToJsonString());
        Assert.NotNull(response["data"]?["me"]);
    }

    [Theory]
    [MemberData(nameof(Costly))]
    public async Task ADocumentCostingMoreThanTheBudgetIsRefused(string query)
    {
        var token = await app.RegisterAsync($"costly-{Guid.NewGuid():N}@test.local");

        var response = await app.GraphQLAsync(query, token: token);

        Assert.Equal("COMPLEXITY", (string?)response["errors"]?[0]?["extensions"]?["code"]);
        Assert.Null(response["data"]);
    }

    [Fact]
    public void EveryListOfObjectsDeclaresHowManyItemsItCanHold()
    {
        var schema = app.Services.GetRequiredService<TimeBankSchema>();
        schema.Initialize();

        var undeclared = schema.AllTypes
            .Where(type => !type.Name.StartsWith("__", StringComparison.Ordinal))
            .OfType<IComplexGraphType>()
            .Where(type => type is not IInputObjectGraphType)
            .SelectMany(type => type.Fields.Select(field => (type, field)))
            .Where(pair => IsListOfObjects(pair.field.ResolvedType) && pair.field.GetMaxItems() is null)
            .Select(pair => $"{pair.type.Name}.{pair.field.Name}")
            .ToList();

        Assert.True(undeclared.Count == 0, "declare a bound with ListSize.MaxItems: " + string.Join(", ", undeclared));
    }

    private static bool IsListOfObjects(IGraphType? type)
    {
        var isList = false;
        while (type is IProvideResolvedType wrapper)
        {
            isList |= type is ListGraphType;
            type = wrapper.ResolvedType;
        }
        // A list of scalars or enum values has no selection to multiply; its length costs nothing more.
        return isList && type is not (ScalarGraphType or EnumerationGraphType);
    }
}
