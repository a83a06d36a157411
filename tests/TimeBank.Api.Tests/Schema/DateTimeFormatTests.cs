using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
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
        using var http = _app.CreateClient();
        using var socket = new ClientWebSocket();
        socket.Options.AddSubProtocol("graphql-transport-ws");
        await socket.ConnectAsync(new Uri($"ws://{http.BaseAddress!.Authority}/graphql"), CancellationToken.None);
        await SendAsync(socket, """{"type":"connection_init"}""");
        await ReceiveAsync(socket);

        await SendAsync(socket, """{"type":"subscribe","id":"1","payload":{"query":"subscription { serverTime(everySeconds: 60) }"}}""");
        using var next = await ReceiveAsync(socket);

        var time = next.RootElement.GetProperty("payload").GetProperty("data").GetProperty("serverTime").GetString();
        Assert.Equal("2026-11-25T09:00:00.123Z", time);
        Assert.Matches(UtcMilliseconds(), time);
    }

    private static IGraphType Unwrap(IGraphType type) => type is IProvideResolvedType wrapper ? Unwrap(wrapper.ResolvedType!) : type;

    private static Task SendAsync(ClientWebSocket socket, string text) =>
        socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None);

    private static async Task<JsonDocument> ReceiveAsync(ClientWebSocket socket)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var buffer = new byte[16 * 1024];
        var received = await socket.ReceiveAsync(buffer, timeout.Token);
        return JsonDocument.Parse(buffer.AsMemory(0, received.Count));
    }

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$")]
    private static partial Regex UtcMilliseconds();

    public async Task DisposeAsync() => await _app.DisposeAsync();
}
