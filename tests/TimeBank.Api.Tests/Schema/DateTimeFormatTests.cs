using System.Text.RegularExpressions;
using GraphQL.Types;
using Microsoft.Extensions.DependencyInjection;
using TimeBank.Api.Schema;
using TimeBank.Api.Tests.Infrastructure;
using TimeBank.GraphQL.Schema;

namespace TimeBank.Api.Tests.Schema;

/// <summary>
/// One format for every DateTime the schema outputs (issue 12, finding 10): ISO 8601 in UTC with exactly three
/// fractional digits and Z. The clock stands at a time with seven fractional digits, which the built-in scalar wrote
/// as they were. Every DateTime field of the live schema is checked to use the one scalar, and the fields the issue
/// named are read for real.
/// </summary>
public sealed partial class DateTimeFormatTests : IAsyncLifetime
{
    private readonly TimeBankApplication _app = new();

    public Task InitializeAsync()
    {
        _app.UseKestrel(ApiProcess.FreePort());
        _app.StartServer();
        _app.Clock.Advance(TimeSpan.FromTicks(1_234_567));
        return Task.CompletedTask;
    }

    [Fact]
    public void EveryDateTimeFieldOfTheSchemaUsesTheUtcMillisecondsScalar()
    {
        var schema = _app.Services.GetRequiredService<TimeBankSchema>();
        schema.Initialize();

        var fields = schema.AllTypes.OfType<IComplexGraphType>()
            .SelectMany(type => type.Fields.Select(field => (Name: $"{type.Name}.{field.Name}", Type: Unwrap(field.ResolvedType!))))
            .Where(field => field.Type.Name == "DateTime")
            .ToList();

        Assert.Contains(fields, field => field.Name == "StatementLine.effectiveAt");
        Assert.Contains(fields, field => field.Name == "Acknowledgement.at");
        Assert.Contains(fields, field => field.Name == "Subscription.serverTime");
        Assert.All(fields, field => Assert.IsType<UtcDateTimeGraphType>(field.Type));
        Assert.Contains("three fractional digits", schema.AllTypes["DateTime"]!.Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AStatementLineIsStampedInUtcMilliseconds()
    {
        var admin = await _app.RegisterAsync(TimeBankApplication.AdminEmail);
        var bank = await TestCommunity.CreateAsync(_app, admin, "clockwork", "ann");

        var response = await _app.GraphQLAsync(
            "{ me { memberships { appliedAt account { statement(first: 5) { nodes { effectiveAt recordedAt } } } } } }",
            token: bank.People["ann"].Token);

        var member = response["data"]!["me"]!["memberships"]![0]!;
        var line = member["account"]!["statement"]!["nodes"]![0]!;
        Assert.Equal("2026-11-25T09:00:00.123Z", (string?)line["effectiveAt"]);
        Assert.Equal("2026-11-25T09:00:00.123Z", (string?)line["recordedAt"]);
        Assert.Equal("2026-11-25T09:00:00.123Z", (string?)member["appliedAt"]);
    }

    [Fact]
    public async Task ServerTimeIsInUtcMilliseconds()
    {
        using var socket = await GraphQLWebSocket.ConnectAsync(GraphQLWebSocket.AddressOf(_app), token: null);

        await socket.SubscribeAsync("1", "subscription { serverTime(everySeconds: 60) }");
        var next = await socket.ReceiveAsync();

        var time = (string?)next["payload"]!["data"]!["serverTime"];
        Assert.Equal("2026-11-25T09:00:00.123Z", time);
        Assert.Matches(UtcMilliseconds(), time);
    }

    private static IGraphType Unwrap(IGraphType type) => type is IProvideResolvedType wrapper ? Unwrap(wrapper.ResolvedType!) : type;

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$")]
    private static partial Regex UtcMilliseconds();

    public async Task DisposeAsync() => await _app.DisposeAsync();
}
