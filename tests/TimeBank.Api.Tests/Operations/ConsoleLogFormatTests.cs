using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;
using TimeBank.Api.Tests.Infrastructure;

namespace TimeBank.Api.Tests.Operations;

/// <summary>
/// The console log is for people on a developer's laptop (the simple formatter) and for a log collector everywhere
/// else (one JSON object per line, UTC timestamps), as the configuration files say (appsettings*.json).
/// </summary>
public sealed class ConsoleLogFormatTests
{
    [Theory]
    [InlineData("Development", ConsoleFormatterNames.Simple)]
    [InlineData("Production", ConsoleFormatterNames.Json)]
    [InlineData("Staging", ConsoleFormatterNames.Json)]
    public async Task TheConsoleFormatterFollowsTheEnvironment(string environment, string formatter)
    {
        await using var app = new TimeBankApplication();
        await using var host = app.WithWebHostBuilder(builder => builder.UseEnvironment(environment));
        var console = host.Services.GetRequiredService<IOptionsMonitor<ConsoleLoggerOptions>>().CurrentValue;
        Assert.Equal(formatter, console.FormatterName);
    }

    [Fact]
    public async Task DevelopmentLinesAreReadableAndJsonLinesCarryUtcTimestamps()
    {
        await using var app = new TimeBankApplication();
        await using (var development = app.WithWebHostBuilder(builder => builder.UseEnvironment("Development")))
        {
            var simple = development.Services.GetRequiredService<IOptionsMonitor<SimpleConsoleFormatterOptions>>().CurrentValue;
            Assert.Equal("HH:mm:ss ", simple.TimestampFormat);
            Assert.False(simple.UseUtcTimestamp);
        }
        await using var production = app.WithWebHostBuilder(builder => builder.UseEnvironment("Production"));
        var json = production.Services.GetRequiredService<IOptionsMonitor<JsonConsoleFormatterOptions>>().CurrentValue;
        Assert.True(json.UseUtcTimestamp);
        Assert.Equal("yyyy-MM-ddTHH:mm:ss.fffZ", json.TimestampFormat);
    }
}
