using System.Reflection;
using GraphQL.Types;
using TimeBank.Api.Schema;
using TimeBank.Api.Tests.Infrastructure;

namespace TimeBank.Api.Tests.Schema;

/// <summary>
/// Each topic lists its mutations in one place, <c>Features/&lt;Topic&gt;/&lt;Topic&gt;Mutations.cs</c>, the file the mutation
/// root (<see cref="Mutation"/>) points to; payload files hold payloads only.
/// </summary>
public sealed class MutationListFileTests
{
    private static readonly string Features = Path.Combine(RepositoryRoot.Path, "src", "TimeBank.Api", "Features");

    [Fact]
    public void EachTopicsMutationListIsInItsMutationsFile()
    {
        var lists = typeof(Mutation).Assembly.GetTypes()
            .Where(t => t.IsAbstract && t.IsSealed && t.Name.EndsWith("Mutations", StringComparison.Ordinal))
            .Where(t => t.GetMethods(BindingFlags.Public | BindingFlags.Static).Any(m => m.Name == $"Add{t.Name}" &&
                m.GetParameters() is [{ ParameterType: var root }] && root == typeof(ObjectGraphType)))
            .ToList();

        Assert.Equal(11, lists.Count);
        Assert.All(lists, list =>
        {
            var declaredIn = Directory.EnumerateFiles(Features, "*.cs", SearchOption.AllDirectories)
                .Where(file => File.ReadAllText(file).Contains($"public static class {list.Name}", StringComparison.Ordinal))
                .Select(Path.GetFileName);
            Assert.Equal([$"{list.Name}.cs"], declaredIn);
        });
        Assert.All(Directory.EnumerateFiles(Features, "*Payloads.cs", SearchOption.AllDirectories),
            file => Assert.DoesNotContain("Mutations(this ObjectGraphType", File.ReadAllText(file), StringComparison.Ordinal));
    }
}
