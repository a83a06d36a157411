using GraphQL.Types;
using Microsoft.Extensions.DependencyInjection;
using TimeBank.Api.Schema;
using TimeBank.Api.Tests.Infrastructure;
using TimeBank.GraphQL.Schema;

namespace TimeBank.Api.Tests.Schema;

/// <summary>
/// <c>schema/timebank.graphql</c> is the published contract. Run with <c>UPDATE_SCHEMA=1</c> to rewrite
/// it from the code after an intended change, then review the diff.
/// </summary>
public sealed class SchemaFileTests : IClassFixture<TimeBankApplication>
{
    private readonly TimeBankSchema _schema;

    public SchemaFileTests(TimeBankApplication app)
    {
        _schema = app.Services.GetRequiredService<TimeBankSchema>();
        _schema.Initialize();
    }

    [Fact]
    public void PublishedSchemaMatchesTheCode()
    {
        var path = Path.Combine(RepositoryRoot.Path, "schema", "timebank.graphql");
        var printed = SchemaSdl.Print(_schema);

        if (Environment.GetEnvironmentVariable("UPDATE_SCHEMA") is "1" or "true")
        {
            File.WriteAllText(path, printed);
        }

        Assert.True(File.Exists(path), $"{path} is missing; run the tests with UPDATE_SCHEMA=1 to write it.");
        Assert.Equal(File.ReadAllText(path).ReplaceLineEndings("\n"), printed);
    }

    [Fact]
    public void EveryTypeFieldAndArgumentHasADescription()
    {
        var missing = new List<string>();
        foreach (var type in _schema.AllTypes.Where(t => !t.Name.StartsWith("__", StringComparison.Ordinal) && !IsBuiltIn(t)))
        {
            if (string.IsNullOrWhiteSpace(type.Description))
            {
                missing.Add(type.Name);
            }
            if (type is IComplexGraphType complex)
            {
                foreach (var field in complex.Fields)
                {
                    if (string.IsNullOrWhiteSpace(field.Description))
                    {
                        missing.Add($"{type.Name}.{field.Name}");
                    }
                    missing.AddRange(field.Arguments?
                        .Where(a => string.IsNullOrWhiteSpace(a.Description))
                        .Select(a => $"{type.Name}.{field.Name}({a.Name})") ?? []);
                }
            }
            if (type is EnumerationGraphType enumeration)
            {
                missing.AddRange(enumeration.Values
                    .Where(v => string.IsNullOrWhiteSpace(v.Description))
                    .Select(v => $"{type.Name}.{v.Name}"));
            }
        }

        Assert.Empty(missing);
    }

    private static bool IsBuiltIn(IGraphType type) =>
        type is StringGraphType or IntGraphType or FloatGraphType or BooleanGraphType or IdGraphType;
}
