namespace TimeBank.Api.Features.Demo;

public static class DemoRegistration
{
    private const string Switch = "--seed-demo";
    private const string Setting = "TimeBank:SeedDemo";

    /// <summary>Turns the <c>--seed-demo</c> switch into the <c>TimeBank:SeedDemo</c> setting the configuration understands.</summary>
    public static string[] TranslateSwitch(string[] args) =>
        [.. args.Select(a => a == Switch ? $"--{Setting}=true" : a)];

    /// <summary>Seeds the demo at start when asked to; registered after the migrator, so it runs on a migrated database.</summary>
    public static WebApplicationBuilder AddDemoSeed(this WebApplicationBuilder builder)
    {
        if (builder.Configuration.GetValue<bool>(Setting))
        {
            builder.Services.AddHostedService<DemoSeeder>();
        }
        return builder;
    }
}
