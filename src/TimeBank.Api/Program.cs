using TimeBank.Api.Data;
using TimeBank.Api.Health;
using TimeBank.Api.Hosting;
using TimeBank.Api.Schema;
using TimeBank.GraphQL;

return await HostRunner.RunAsync(() =>
{
    var builder = WebApplication.CreateBuilder(args);
    builder.Services.AddSingleton(TimeProvider.System);
    builder.AddTimeBankDatabase();
    builder.Services.AddTimeBankHealthChecks();
    builder.Services.AddTimeBankSchema();
    builder.Services.AddGraphQLServer(options => builder.Configuration.GetSection("GraphQL").Bind(options));

    var app = builder.Build();
    app.UseWebSockets();
    app.MapTimeBankHealthChecks();
    app.MapGraphQLEndpoints<TimeBankSchema>("/graphql");
    return app;
});

/// <summary>The entry point, visible to WebApplicationFactory in the tests.</summary>
public partial class Program;
