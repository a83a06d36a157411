using TimeBank.GraphQL.Tests.Infrastructure;

namespace TimeBank.GraphQL.Tests.Http;

/// <summary>The 2026 GraphQL-over-HTTP draft's 422, as an option; 400 stays the default for the audit suite.</summary>
public sealed class ValidationStatusPolicyTests
{
    [Fact]
    public async Task ValidationFailuresCanAnswer422WhileParseFailuresStay400()
    {
        await using var server = await ToyServer.StartAsync(options => options.ValidationFailureStatusCode = 422);

        var parse = await server.Http.PostJsonAsync("""{"query":"{"}""");
        var validation = await server.Http.PostJsonAsync("""{"query":"{ nope }"}""");
        var coercion = await server.Http.PostJsonAsync("""{"query":"query($t: String!) { echo(text: $t) }","variables":{"t":5}}""");
        var operation = await server.Http.PostJsonAsync("""{"query":"query A { hello }","operationName":"B"}""");
        var forbidden = await server.Http.PostJsonAsync("""{"query":"{ admin }"}""", user: "bob");
        var legacy = await server.Http.PostJsonAsync("""{"query":"{ nope }"}""", accept: "application/json");

        Assert.Equal(400, parse.Status);
        Assert.Equal(422, validation.Status);
        Assert.Equal(422, coercion.Status);
        Assert.Equal(422, operation.Status);
        Assert.Equal(403, forbidden.Status);
        Assert.Equal(200, legacy.Status);
    }
}
