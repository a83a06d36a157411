using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace TimeBank.Api.Tests.Infrastructure;

/// <summary>The API in memory, on its own SQLite file in a fresh temporary data folder.</summary>
public sealed class TimeBankApplication : WebApplicationFactory<Program>
{
    public string DataDirectory { get; } = TempFolder.Create();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("TimeBank:DataDirectory", DataDirectory);
        builder.UseEnvironment("Testing");
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        TempFolder.Delete(DataDirectory);
    }
}
