using System.Net;
using System.Net.Http.Headers;
using TimeBank.Api.Tests.Infrastructure;

namespace TimeBank.Api.Tests.Security;

/// <summary>
/// Nothing a member sees may be kept by a shared cache or the browser's disk: every answer to a request with a token,
/// a refused token's 401 included, and every POST answer (logins return tokens) says <c>no-store</c>. Over a real
/// Kestrel port. Add a case by sending the request and calling <see cref="AssertNeverStored"/>.
/// </summary>
public sealed class HttpCachingTests : IAsyncLifetime
{
    private readonly TimeBankApplication _app = new();

    public Task InitializeAsync()
    {
        _app.UseKestrel(ApiProcess.FreePort());
        _app.StartServer();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task AMembersGetAnswerIsNeverStoredAndVariesByAuthorization()
    {
        var token = await _app.RegisterAsync("cached@test.local");
        using var http = _app.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/graphql?query=%7Bme%7Bemail%7D%7D");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);

        using var response = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("cached@test.local", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        AssertNeverStored(response);
        Assert.Contains("Authorization", response.Headers.Vary);
        Assert.Contains("Accept", response.Headers.Vary);
    }

    [Fact]
    public async Task ARefusedTokensAnswerIsNeverStored()
    {
        using var http = _app.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/graphql?query=%7Bme%7Bemail%7D%7D");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "garbage");

        using var response = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        AssertNeverStored(response);
    }

    [Fact]
    public async Task ALoginAnswerIsNeverStored()
    {
        await _app.RegisterAsync("login-cache@test.local");
        using var http = _app.CreateClient();

        using var response = await http.PostAsync("/graphql", new StringContent(
            """{"query":"mutation { login(input: { email: \"login-cache@test.local\", password: \"correct horse battery\" }) { accessToken } }"}""",
            System.Text.Encoding.UTF8, "application/json"));

        Assert.Contains("accessToken\":\"", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        AssertNeverStored(response);
    }

    private static void AssertNeverStored(HttpResponseMessage response) =>
        Assert.True(response.Headers.CacheControl?.NoStore, $"HTTP {(int)response.StatusCode}, Cache-Control: {response.Headers.CacheControl}");

    public async Task DisposeAsync() => await _app.DisposeAsync();
}
