using TimeBank.Api.Schema;
using TimeBank.Api.Tests.Infrastructure;

namespace TimeBank.Api.Tests.Schema;

public sealed class ErrorCodeDocumentationTests
{
    [Fact]
    public void TheReadmeListsEveryErrorCode()
    {
        var readme = File.ReadAllText(Path.Combine(RepositoryRoot.Path, "README.md"));

        var missing = Enum.GetValues<ErrorCode>().Select(MutationRunner.Code).Where(code => !readme.Contains($"`{code}`", StringComparison.Ordinal));

        Assert.Empty(missing);
    }
}
