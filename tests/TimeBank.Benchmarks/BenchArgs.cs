using System.Globalization;

namespace TimeBank.Benchmarks;

/// <summary>The options every benchmark mode reads from its command line: <c>--name value</c>.</summary>
internal static class BenchArgs
{
    public static int Option(string[] args, string name, int fallback) =>
        OptionText(args, name) is { } text ? int.Parse(text, CultureInfo.InvariantCulture) : fallback;

    public static string? OptionText(string[] args, string name)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
    }
}
