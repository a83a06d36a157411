using GraphQL;
using GraphQL.Types;
using GraphQL.Utilities;

namespace TimeBank.GraphQL.Schema;

/// <summary>Prints a schema as SDL in a stable order, so the published file diffs cleanly.</summary>
public static class SchemaSdl
{
    public static string Print(ISchema schema)
    {
        var sdl = schema.Print(new PrintOptions
        {
            IncludeDescriptions = true,
            IncludeDeprecationReasons = true,
            StringComparison = StringComparison.Ordinal,
        });
        return sdl.ReplaceLineEndings("\n").TrimEnd() + "\n";
    }
}
