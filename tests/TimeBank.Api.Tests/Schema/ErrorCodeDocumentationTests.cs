using System.Reflection;
using System.Text.RegularExpressions;
using GraphQL;
using GraphQL.Execution;
using GraphQL.PersistedDocuments;
using GraphQL.Validation;
using GraphQL.Validation.Errors.Custom;
using TimeBank.Api.Schema;
using TimeBank.Api.Tests.Infrastructure;
using TimeBank.GraphQL.Execution;

namespace TimeBank.Api.Tests.Schema;

/// <summary>
/// Every code a client can receive is in the README's error-code table (issue 12, finding 12): the API's codes, every
/// code written in our sources (transports, limits, building blocks), and the codes GraphQL.NET gives its own errors
/// (validation rules, variable coercion, syntax, operation selection). A new code anywhere fails this test until the
/// table has its row.
/// </summary>
public sealed partial class ErrorCodeDocumentationTests(TimeBankApplication app) : IClassFixture<TimeBankApplication>
{
    // GraphQL.NET error types no client receives from this server, each with the reason.
    private static readonly Type[] NeverSent =
    [
        typeof(ExecutionError), typeof(RequestError), typeof(ValidationError), // bases: their subclasses carry the codes
        typeof(UnhandledError), // masked as INTERNAL_SERVER_ERROR (UnhandledErrorHandler)
        typeof(TimeoutError), // our executor answers TIMEOUT
        typeof(QueryMissingError), // the transports answer QUERY_MISSING first
        typeof(ComplexityError), // re-coded COMPLEXITY or QUERY_TOO_DEEP (ComplexityCodes)
        typeof(NoIntrospectionError), // GraphQL.NET's rule is not registered
        typeof(DocumentIdInvalidError), typeof(DocumentIdMissingError), typeof(DocumentNotFoundError), typeof(InvalidRequestError), // our own persisted documents
    ];

    private static string Readme => File.ReadAllText(Path.Combine(RepositoryRoot.Path, "README.md"));

    [Fact]
    public void TheReadmeListsEveryErrorCode()
    {
        var missing = Enum.GetValues<ErrorCode>().Select(MutationRunner.Code).Where(code => !Documented(code));

        Assert.Empty(missing);
    }

    [Fact]
    public void TheReadmeListsEveryCodeWrittenInTheSources()
    {
        var codes = SourceCodes().ToList();

        var missing = codes.Where(code => !Documented(code));

        Assert.Contains("BAD_REQUEST", codes);
        Assert.Contains("COMPLEXITY", codes);
        Assert.Empty(missing);
    }

    [Fact]
    public void TheReadmeListsEveryCodeGraphQLNetGivesItsOwnErrors()
    {
        var codes = GraphQLNetCodes().ToList();

        var missing = codes.Where(code => !Documented(code));

        Assert.Contains("ARGUMENTS_OF_CORRECT_TYPE", codes);
        Assert.Contains("INVALID_VALUE", codes);
        Assert.Empty(missing);
    }

    /// <summary>The examples, sent for real: the code that comes back is one the derivation above knows, and documented.</summary>
    [Theory]
    [InlineData("query($first: Int) { listings(communityId: \"x\", first: $first) { totalCount } }", 2_147_483_648L, "INVALID_VALUE")]
    [InlineData("query($first: Int) { listings(communityId: \"x\", first: $first) { totalCount } }", 9_007_199_254_740_992L, "INVALID_VALUE")]
    [InlineData("query($first: Int) { listings(communityId: \"x\", first: $first) { totalCount } }", "60", "INVALID_VALUE")]
    [InlineData("{ listings(communityId: \"x\", first: 2147483648) { totalCount } }", null, "ARGUMENTS_OF_CORRECT_TYPE")]
    [InlineData("{ listings(communityId: \"x\", first: \"60\") { totalCount } }", null, "ARGUMENTS_OF_CORRECT_TYPE")]
    [InlineData("{ listings(communityId: \"x\" { totalCount } }", null, "SYNTAX_ERROR")]
    [InlineData("fragment F on Query { __typename }", null, "NO_OPERATION")]
    public async Task AWrongIntOrDocumentGetsADocumentedGraphQLNetCode(string query, object? first, string code)
    {
        var response = await app.GraphQLAsync(query, first is null ? null : new { first });

        var received = (string?)response["errors"]?[0]?["extensions"]?["code"];
        Assert.Equal(code, received);
        Assert.Contains(code, GraphQLNetCodes());
        Assert.True(Documented(code), $"{code} is not in the README's table");
    }

    private static bool Documented(string code) => Readme.Contains($"`{code}`", StringComparison.Ordinal);

    /// <summary>The transports' codes, and every code-like literal (SCREAMING_SNAKE with an underscore) in src/.</summary>
    private static IEnumerable<string> SourceCodes() =>
        typeof(GraphQLErrorCodes).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(field => field.IsLiteral)
            .Select(field => (string)field.GetRawConstantValue()!)
            .Concat(Directory.EnumerateFiles(Path.Combine(RepositoryRoot.Path, "src"), "*.cs", SearchOption.AllDirectories)
            .Where(file => !file.Contains($"{Path.DirectorySeparatorChar}Migrations{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !file.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .SelectMany(file => CodeLiteral().Matches(File.ReadAllText(file)))
            .Select(match => match.Groups["code"].Value))
            .Distinct(StringComparer.Ordinal);

    /// <summary>
    /// GraphQL.NET names a code after its error type: ErrorInfoProvider's SCREAMING_SNAKE of the type name without its
    /// "Error" suffix (ArgumentsOfCorrectTypeError is ARGUMENTS_OF_CORRECT_TYPE); a syntax error keeps it (SYNTAX_ERROR).
    /// </summary>
    private static IEnumerable<string> GraphQLNetCodes() =>
        typeof(ExecutionError).Assembly.GetTypes()
            .Where(type => typeof(ExecutionError).IsAssignableFrom(type) && !type.IsAbstract && !NeverSent.Contains(type))
            .Select(type => type == typeof(SyntaxError) ? "SYNTAX_ERROR" : TrimErrorSuffix(ErrorInfoProvider.GetErrorCode(type)));

    private static string TrimErrorSuffix(string code) => code.EndsWith("_ERROR", StringComparison.Ordinal) ? code[..^"_ERROR".Length] : code;

    [GeneratedRegex("\"(?<code>[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+)\"")]
    private static partial Regex CodeLiteral();
}
