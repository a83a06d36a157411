using System.Reflection;
using System.Text.RegularExpressions;
using TimeBank.Api.Hosting;
using TimeBank.Api.Tests.Infrastructure;
using TimeBank.GraphQL;

namespace TimeBank.Api.Tests.Hosting;

/// <summary>
/// docs/configuration.md is the operator's one list of settings. Every options class (a class with a
/// <c>public const string Section</c>, in the API or the GraphQL layer) is found by reflection, so a property added to
/// one fails this test until the page lists it as <c>`Section:Property`</c>; and a key the page lists must still exist.
/// </summary>
public sealed partial class ConfigurationReferenceTests
{
    /// <summary>Settings read without an options class (the host's own, or one switch), which the page lists too.</summary>
    private static readonly string[] SettingsWithoutOptionsClass =
    [
        "Urls",
        "ConnectionStrings:TimeBank",
        "HostOptions:ShutdownTimeout",
        "TimeBank:SeedDemo",
        "Logging:LogLevel",
        "Logging:Console:FormatterName",
        "Benchmarks:PlainEndpoint",
    ];

    private static string Page => File.ReadAllText(Path.Combine(RepositoryRoot.Path, "docs", "configuration.md"));

    public static TheoryData<string> Settings()
    {
        var data = new TheoryData<string>();
        foreach (var key in OptionKeys())
        {
            data.Add(key);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Settings))]
    public void EverySettingOfAnOptionsClassIsOnThePage(string key) =>
        Assert.True(Page.Contains($"`{key}`", StringComparison.Ordinal), $"docs/configuration.md does not list `{key}`");

    [Fact]
    public void ThePageListsNoSettingThatIsGone()
    {
        var known = OptionKeys().Concat(SettingsWithoutOptionsClass).ToHashSet(StringComparer.Ordinal);
        var listed = TableKey().Matches(Page).Select(m => m.Groups["key"].Value).ToList();

        Assert.NotEmpty(listed);
        var gone = listed.Where(k => !known.Contains(k)).ToList();
        Assert.True(gone.Count == 0, "docs/configuration.md lists settings nothing reads: " + string.Join(", ", gone));
    }

    [Fact]
    public void TheOptionsClassesAreFound() =>
        // The reflection below must see the classes it is there for, or the theory above tests nothing.
        Assert.Superset(new HashSet<string> { "TimeBank:DataDirectory", "Auth:AccessTokenLifetime", "GraphQL:MaxDepth", "Cors:AllowedOrigins" },
            OptionKeys().ToHashSet());

    /// <summary>
    /// <c>Section:Property</c> of every settable public property of every options class, and <c>Section:Property:Inner</c>
    /// for a property that is itself a settings class of the project (a nested section).
    /// </summary>
    private static IEnumerable<string> OptionKeys() =>
        from type in typeof(TimeBankOptions).Assembly.GetTypes().Concat(typeof(GraphQLServerOptions).Assembly.GetTypes())
        let section = type.GetField("Section", BindingFlags.Public | BindingFlags.Static)
        where section is { IsLiteral: true } && section.FieldType == typeof(string)
        from key in KeysOf(type, (string)section.GetRawConstantValue()!)
        orderby key
        select key;

    private static IEnumerable<string> KeysOf(Type type, string prefix) =>
        from property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
        where property.SetMethod is { IsPublic: true }
        let key = $"{prefix}:{property.Name}"
        from nested in IsSection(property.PropertyType) ? KeysOf(property.PropertyType, key) : [key]
        select nested;

    private static bool IsSection(Type type) =>
        type.IsClass && type != typeof(string) && !type.IsArray
        && (type.Assembly == typeof(TimeBankOptions).Assembly || type.Assembly == typeof(GraphQLServerOptions).Assembly);

    /// <summary>A key in the first column of one of the page's tables.</summary>
    [GeneratedRegex(@"^\| `(?<key>[A-Za-z]+(:[A-Za-z]+)*)` \|", RegexOptions.Multiline)]
    private static partial Regex TableKey();
}
