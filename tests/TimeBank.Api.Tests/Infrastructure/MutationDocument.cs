namespace TimeBank.Api.Tests.Infrastructure;

/// <summary>
/// The document of a mutation by the schema's convention: one argument, <c>input</c>, of the type named after the
/// mutation (<c>proposeExchange(input: ProposeExchangeInput!)</c>), sent as the variable <c>$input</c>.
/// </summary>
public static class MutationDocument
{
    /// <summary>The whole document, selecting <paramref name="selection"/> (e.g. <c>exchange { id } errors { code message }</c>) from the payload.</summary>
    public static string For(string mutation, string selection) =>
        $"mutation($input: {char.ToUpperInvariant(mutation[0])}{mutation[1..]}Input!) {{ {mutation}(input: $input) {{ {selection} }} }}";
}
