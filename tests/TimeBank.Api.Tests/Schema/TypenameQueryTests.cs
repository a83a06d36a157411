using TimeBank.Api.Tests.Infrastructure;

namespace TimeBank.Api.Tests.Schema;

public sealed class TypenameQueryTests(TimeBankApplication app) : IClassFixture<TimeBankApplication>
{
    [Fact]
    public async Task AnswersTypenameOverPost()
    {
        using var http = app.CreateClient();

        var response = await http.PostGraphQLAsync("{ __typename }");

        Assert.Equal("Query", (string?)response["data"]?["__typename"]);
        Assert.Null(response["errors"]);
    }

    [Fact]
    public async Task AnswersTypenameOverGet()
    {
        using var http = app.CreateClient();

        var body = await http.GetStringAsync("/graphql?query=%7B__typename%7D");

        Assert.Equal("""{"data":{"__typename":"Query"}}""", body);
    }
}
