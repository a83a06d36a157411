using TimeBank.Api.Data;
using TimeBank.Api.Events;
using TimeBank.Api.Features.Audit.Exports;
using TimeBank.Api.Features.Demo;
using TimeBank.Api.Features.Exchanges;
using TimeBank.Api.Features.Identity;
using TimeBank.Api.Features.Listings;
using TimeBank.Api.Health;
using TimeBank.Api.Hosting;
using TimeBank.Api.Operations.Backup;
using TimeBank.Api.Operations.Retention;
using TimeBank.Api.Operations.Telemetry;
using TimeBank.Api.Schema;
using TimeBank.GraphQL;

if (AdminCommand.IsInvoked(args))
{
    return await AdminCommand.RunAsync(args, Console.Out, Console.Error);
}
if (BackupCommand.IsInvoked(args))
{
    return await BackupCommand.RunAsync(args, Console.Out, Console.Error);
}
if (RestoreCommand.IsInvoked(args))
{
    return await RestoreCommand.RunAsync(args, Console.Out, Console.Error);
}

return await HostRunner.RunAsync(() =>
{
    var builder = WebApplication.CreateBuilder(DemoRegistration.TranslateSwitch(args));
    // The host reads only the old `shutdownTimeoutSeconds` key by itself; the documented section is HostOptions.
    builder.Services.Configure<HostOptions>(builder.Configuration.GetSection("HostOptions"));
    var dataFolder = DataFolder.Prepare(builder.Configuration, builder.Environment.ContentRootPath);
    builder.Services.AddSingleton(TimeProvider.System);
    builder.AddTimeBankDatabase(dataFolder);
    builder.AddTimeBankBackups(dataFolder);
    builder.AddTimeBankAuthentication(dataFolder);
    builder.AddMutationRateLimits();
    builder.AddDemoSeed();
    builder.AddTimeBankCors();
    builder.AddTimeBankTelemetry();
    builder.Services.AddTimeBankEvents();
    builder.Services.AddListingExpiry();
    builder.Services.AddExchangeAutoAcknowledge();
    builder.Services.AddTimeBankRetention();
    builder.Services.AddTimeBankHealthChecks();
    builder.Services.AddTimeBankSchema();
    builder.Services.AddGraphQLServer(options =>
    {
        builder.Configuration.GetSection(GraphQLServerOptions.Section).Bind(options);
        // Built by the project when Node is on PATH (TimeBank.Api.Ide.targets) and copied next to the assembly.
        options.IdeDirectory ??= Path.Combine(AppContext.BaseDirectory, "wwwroot", "ide");
    });

    var app = builder.Build();
    app.MapTimeBankMetrics();
    app.UseWebSockets();
    app.UseTimeBankCors();
    app.UseTimeBankAuthentication();
    app.MapTimeBankHealthChecks();
    app.MapGraphQLEndpoints<TimeBankSchema>("/graphql");
    app.MapLedgerExports();
    app.MapPlainEndpointWhenAsked(app.Configuration);
    return app;
});

/// <summary>The entry point, visible to WebApplicationFactory in the tests.</summary>
public partial class Program;
