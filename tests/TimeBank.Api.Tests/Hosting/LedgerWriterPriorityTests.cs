using Microsoft.Extensions.DependencyInjection;
using TimeBank.Api.Data;
using TimeBank.Api.Tests.Infrastructure;
using TimeBank.Ledger.Writes;

namespace TimeBank.Api.Tests.Hosting;

/// <summary><c>TimeBank:LedgerWriterNice</c> reaches the API's one ledger writer: -10 unless set, 0 asks for nothing.</summary>
public sealed class LedgerWriterPriorityTests
{
    [Theory]
    [InlineData(null, -10)]
    [InlineData("-4", -4)]
    [InlineData("0", 0)]
    public async Task TheWritersThreadAsksForTheConfiguredNiceValue(string? setting, int requested)
    {
        await using var app = new TimeBankApplication
        {
            Settings = setting is null ? new Dictionary<string, string>() : new Dictionary<string, string> { ["TimeBank:LedgerWriterNice"] = setting },
        };

        var priority = app.Services.GetRequiredService<LedgerWriter<TimeBankDbContext>>().Priority;

        Assert.Equal(requested, priority.Requested);
        // Granted (root, CAP_SYS_NICE, a nice limit) or refused with the reason; never silently neither.
        Assert.True(requested == 0
            ? priority.Error is null && !priority.Raised
            : priority.Raised != (priority.Error is not null) || !OperatingSystem.IsLinux(), priority.ToString());
    }
}
