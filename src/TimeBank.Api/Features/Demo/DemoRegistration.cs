namespace TimeBank.Api.Features.Demo;

public static class DemoRegistration
{
    private const string Switch = "--seed-demo";
    private const string Setting = "TimeBank:SeedDemo";

    /// <summary>Turns the <c>--seed-demo</c> switch into the <c>TimeBank:SeedDemo</c> setting the configuration understands.</summary>
    public static string[] TranslateSwitch(string[] args) =>
        [.. args.Select(a => a == Switch ? $"--{Setting}=true" : a)];

    /// <summary>Whether the demo was asked for, by the switch or the setting.</summary>
    public static bool IsRequested(IConfiguration configuration) => configuration.GetValue<bool>(Setting);

    /// <summary>Seeds the demo at start when asked to; registered after the migrator, so it runs on a migrated database.</summary>
    public static WebApplicationBuilder AddDemoSeed(this WebApplicationBuilder builder)
    {
        if (IsRequested(builder.Configuration))
        {
            builder.Services.AddHostedService<DemoSeeder>();
        }
        return builder;
    }
}
