using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using TimeBank.Api.Tests.Infrastructure;

namespace TimeBank.Api.Tests.Security;

/// <summary>
/// Documents built to make the server work hard (issue 11, finding 2, and the depth part of 9). Each is
/// refused before validation with one coded error and a small answer. To add a case, add a row to
/// <see cref="Documents"/> with the code its first broken bound gives. How much CPU and memory the worst
/// document of each kind costs is measured by <c>tests/TimeBank.Benchmarks -- hostile</c>, not here.
/// </summary>
public sealed class HostileDocumentTests(TimeBankApplication app) : IClassFixture<TimeBankApplication>
{
    // A refusal is one short error; an answer larger than this means errors or data were not bounded.
    private const int MaxAnswerBytes = 2_048;

    // As a browser's JSON.stringify writes it: quotes as \", not \u0022, so the issue's 200 KB document stays under the body limit.
    private static readonly JsonSerializerOptions RelaxedJson = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static TheoryData<string, string> Documents => new()
    {
        // The issue's documents, as sent.
        { "TOO_MANY_ALIASES", Aliases(400) },
        { "DOCUMENT_TOO_LARGE", Aliases(6_000) },
        { "DOCUMENT_TOO_LARGE", $"{{ {Repeat(20_000, _ => "__typename")} }}" },
        { "DOCUMENT_TOO_LARGE", $"{{ __typename {Repeat(15_000, _ => "@skip(if: false)")} }}" },
        { "QUERY_TOO_DEEP", Deep(60) },
        { "QUERY_TOO_DEEP", Deep(64) },
        // The same kinds, small enough to pass the size bound, so the bound of their own kind answers.
        { "TOO_MANY_REPEATED_FIELDS", $"{{ {Repeat(400, i => $"community(slug: \"s{i}\") {{ id }}")} }}" },
        { "TOO_MANY_FIELDS", $"{{ {Repeat(5_000, _ => "__typename")} }}" },
        { "TOO_MANY_DIRECTIVES", $"{{ __typename {Repeat(1_000, _ => "@skip(if: false)")} }}" },
        { "QUERY_TOO_DEEP", $"{{ __schema {{ types {{ ...Deep }} }} }} fragment Deep on __Type {{ {Repeat(14, _ => "fields { type {")} name {Repeat(14, _ => "} }")} }}" },
        // Twelve fragments, 15 levels deep, each spreading the next twice: 16,000 fields once expanded.
        { "TOO_MANY_FIELDS", FragmentBomb(12) },
    };

    [Theory]
    [MemberData(nameof(Documents))]
    public async Task AHostileDocumentGetsOneCodedErrorAndAShortAnswer(string code, string query)
    {
        using var http = app.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/graphql") { Content = Body(query) };
        request.Headers.Accept.ParseAdd("application/graphql-response+json");

        using var response = await http.SendAsync(request);
        var answer = await response.Content.ReadAsStringAsync();

        Assert.Equal(400, (int)response.StatusCode);
        Assert.True(answer.Length <= MaxAnswerBytes, $"{answer.Length} bytes: {answer[..Math.Min(answer.Length, 500)]}");
        var error = Assert.Single(JsonNode.Parse(answer)!["errors"]!.AsArray())!;
        Assert.Equal(code, (string?)error["extensions"]?["code"]);
    }

    [Fact]
    public async Task SigtermStopsTheHostWithinItsShutdownTimeoutWhileHostileDocumentsAreInFlight()
    {
        var shutdownTimeout = TimeSpan.FromSeconds(5);
        var dataDirectory = TempFolder.Create();
        try
        {
            using var api = ApiProcess.Start(ApiProcess.FreePort(), new Dictionary<string, string>
            {
                ["TimeBank__DataDirectory"] = dataDirectory,
                ["HostOptions__ShutdownTimeout"] = shutdownTimeout.ToString(),
            });
            await api.WaitUntilReadyAsync(TimeSpan.FromSeconds(60));
            using var stop = new CancellationTokenSource();
            string[] documents = [Aliases(6_000), Aliases(400), $"{{ {Repeat(20_000, _ => "__typename")} }}", FragmentBomb(24), Deep(60)];
            var senders = Enumerable.Range(0, 4).Select(i => SendUntilStoppedAsync(api.BaseAddress, documents[i..], stop.Token)).ToArray();
            using var socket = await SubscribeAsync(api.BaseAddress);

            // Everything above is under way once the server has answered this one too.
            using (var http = new HttpClient { BaseAddress = api.BaseAddress })
            {
                var typename = await http.PostAsJsonAsync("/graphql", new { query = "{ __typename }" });
                Assert.True(typename.IsSuccessStatusCode);
            }
            api.Terminate();

            Assert.Equal(0, await api.WaitForExitAsync(shutdownTimeout + TimeSpan.FromSeconds(3)));
            await stop.CancelAsync();
            await Task.WhenAll(senders);
        }
        finally
        {
            TempFolder.Delete(dataDirectory);
        }
    }

    private static async Task SendUntilStoppedAsync(Uri address, string[] documents, CancellationToken stop)
    {
        using var http = new HttpClient { BaseAddress = address };
        try
        {
            for (var i = 0; !stop.IsCancellationRequested; i++)
            {
                using var body = Body(documents[i % documents.Length]);
                using var response = await http.PostAsync("/graphql", body, stop);
            }
        }
        catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException)
        {
            // The server went away, as it was asked to.
        }
    }

    private static async Task<ClientWebSocket> SubscribeAsync(Uri address)
    {
        var socket = new ClientWebSocket();
        socket.Options.AddSubProtocol("graphql-transport-ws");
        await socket.ConnectAsync(new UriBuilder(address) { Scheme = "ws", Path = "/graphql" }.Uri, CancellationToken.None);
        foreach (var message in new[]
        {
            """{"type":"connection_init"}""",
            """{"type":"subscribe","id":"1","payload":{"query":"subscription { serverTime }"}}""",
        })
        {
            await socket.SendAsync(Encoding.UTF8.GetBytes(message), WebSocketMessageType.Text, true, CancellationToken.None);
        }
        return socket;
    }

    private static StringContent Body(string query) =>
        new(JsonSerializer.Serialize(new { query }, RelaxedJson), Encoding.UTF8, "application/json");

    private static string Aliases(int count) => $"{{ {Repeat(count, i => $"a: community(slug: \"s{i}\") {{ id }}")} }}";

    /// <summary>A selection <paramref name="levels"/> (an even number) fields deep through introspection's types.</summary>
    private static string Deep(int levels) =>
        "{ __schema { types { " + Repeat((levels - 4) / 2, _ => "fields { type {") + " fields { name } " + Repeat((levels - 4) / 2, _ => "} }") + " } } }";

    /// <summary>A small document whose fields double with each fragment it spreads.</summary>
    private static string FragmentBomb(int fragments) =>
        "{ __schema { types { ...F0 } } } "
        + Repeat(fragments, i => $"fragment F{i} on __Type {{ name ofType {{ ...F{i + 1} }} interfaces {{ ...F{i + 1} }} }}")
        + $" fragment F{fragments} on __Type {{ name }}";

    private static string Repeat(int count, Func<int, string> item) => string.Join(' ', Enumerable.Range(0, count).Select(item));
}
