using System.Text.RegularExpressions;
using TimeBank.Api.Tests.Infrastructure;

namespace TimeBank.Api.Tests.Schema;

/// <summary>
/// The README's front-end examples are excerpts of the scripts CI runs against a live API (tests/frontend/), so a
/// newcomer never copies code that stopped working: each block must appear, line for line, in the file it links to.
/// </summary>
public sealed partial class ReadmeFrontEndExamplesTests
{
    [Fact]
    public void EveryExampleIsAnExcerptOfTheScriptItNames()
    {
        var readme = File.ReadAllText(Path.Combine(RepositoryRoot.Path, "README.md"));
        var section = readme[readme.IndexOf("## Building a front end", StringComparison.Ordinal)..];
        section = section[..section.IndexOf("\n## ", 1, StringComparison.Ordinal)];

        var examples = Example().Matches(section);

        Assert.True(examples.Count >= 2, "the section shows an Apollo Client and an urql example");
        foreach (Match example in examples)
        {
            var script = File.ReadAllText(Path.Combine(RepositoryRoot.Path, example.Groups["file"].Value)).ReplaceLineEndings("\n");
            var code = example.Groups["code"].Value.ReplaceLineEndings("\n");
            Assert.True(script.Contains(code, StringComparison.Ordinal), $"the README's excerpt of {example.Groups["file"].Value} is not in that file");
        }
    }

    [GeneratedRegex(@"\]\((?<file>tests/frontend/[a-z]+\.mjs)\)[^`]*```js\n(?<code>.*?)```", RegexOptions.Singleline)]
    private static partial Regex Example();
}
