using GraphQL;

namespace TimeBank.GraphQL.Limits;

/// <summary>
/// A document refused before validation because it is larger than a bound allows. It is the only
/// error of its response, has no location (finding one costs a pass over the document), and HTTP
/// answers it with 400 like any request that did not execute.
/// </summary>
public sealed class DocumentLimitError : ExecutionError
{
    public DocumentLimitError(string code, string message) : base(message)
    {
        Code = code;
    }
}
