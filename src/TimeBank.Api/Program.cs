using TimeBank.Api.Data;
using TimeBank.Api.Features.Identity;
using TimeBank.Api.Health;
using TimeBank.Api.Hosting;
using TimeBank.Api.Schema;
using TimeBank.GraphQL.Http;

return await HostRunner.RunAsync(() =>
{
    var builder = WebApplication.CreateBuilder(args);
    var dataFolder = DataFolder.Prepare(builder.Configuration, builder.Environment.ContentRootPath);
    builder.Services.AddSingleton(TimeProvider.System);
    builder.AddTimeBankDatabase(dataFolder);
    builder.AddTimeBankAuthentication(dataFolder);
    builder.Services.AddTimeBankHealthChecks();
    builder.Services.AddTimeBankSchema();

    var app = builder.Build();
    app.UseAuthentication();
    app.MapTimeBankHealthChecks();
    app.MapGraphQLHttp<TimeBankSchema>("/graphql");
    return app;
});

/// <summary>The entry point, visible to WebApplicationFactory in the tests.</summary>
public partial class Program;
