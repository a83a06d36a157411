using System.Net;
using TimeBank.Api.Tests.Infrastructure;

namespace TimeBank.Api.Tests.Hosting;

public sealed class HealthEndpointTests(TimeBankApplication app) : IClassFixture<TimeBankApplication>
{
    [Theory]
    [InlineData("/health/live")]
    [InlineData("/health/ready")]
    public async Task AnswersHealthy(string path)
    {
        using var http = app.CreateClient();

        using var response = await http.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
    }
}
