using GraphQL.Execution;
using GraphQLParser;
using GraphQLParser.AST;
using GraphQLParser.Exceptions;
using Microsoft.Extensions.Options;
using TimeBank.GraphQL.Execution;

namespace TimeBank.GraphQL.Limits;

/// <summary>
/// Parses documents for GraphQL.NET, measuring them first so that validation only ever sees a document
/// whose cost is bounded: length, then tokens (a lexer pass, nothing allocated), then parsing under the
/// parser's recursion limit, then the shape of the tree (<see cref="DocumentShape"/>) and the work of
/// merging repeated fields (<see cref="FieldMergeComparisons"/>). The first bound broken is the answer.
/// Documents served from the document cache passed all of this when they were first built.
/// </summary>
internal sealed class BoundedDocumentBuilder(IOptions<GraphQLServerOptions> options) : IDocumentBuilder
{
    private readonly GraphQLServerOptions _limits = options.Value;

    public GraphQLDocument Build(string body)
    {
        if (body.Length > _limits.MaxDocumentLength)
        {
            throw new DocumentLimitError(GraphQLErrorCodes.DocumentTooLarge,
                $"The document is {body.Length:N0} characters long; at most {_limits.MaxDocumentLength:N0} are allowed.");
        }

        GraphQLDocument document;
        try
        {
            CountTokens(body);
            document = Parser.Parse(body, new ParserOptions { Ignore = IgnoreOptions.Comments });
        }
        catch (GraphQLMaxDepthExceededException)
        {
            throw new DocumentLimitError(GraphQLErrorCodes.QueryTooDeep,
                $"The document nests too deeply to be read; selections may nest at most {_limits.MaxDepth} fields deep.");
        }
        catch (GraphQLSyntaxErrorException ex)
        {
            throw new SyntaxError(ex);
        }

        DocumentShape.Check(document, _limits);
        FieldMergeComparisons.Check(document, _limits.MaxFieldMergeComparisons);
        return document;
    }

    private void CountTokens(ROM source)
    {
        var tokens = 0;
        for (var token = Lexer.Lex(source); token.Kind != TokenKind.EOF; token = Lexer.Lex(source, token.End))
        {
            if (token.Kind != TokenKind.COMMENT && ++tokens > _limits.MaxTokens)
            {
                throw new DocumentLimitError(GraphQLErrorCodes.TooManyTokens,
                    $"The document has more than {_limits.MaxTokens:N0} tokens.");
            }
        }
    }
}
