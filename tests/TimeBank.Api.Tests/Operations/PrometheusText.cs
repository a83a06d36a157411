using System.Globalization;

namespace TimeBank.Api.Tests.Operations;

/// <summary>
/// Reads Prometheus's text exposition format, as far as these tests need: the sum of a metric's samples whose labels
/// include the given ones (<c>name{a="x"}</c> and every series of <c>name</c> when no labels are given).
/// </summary>
internal sealed class PrometheusText(string text)
{
    public string Text { get; } = text;

    public double Sum(string name, params (string Label, string Value)[] labels)
    {
        var sum = 0.0;
        foreach (var line in Text.Split('\n'))
        {
            if (line.StartsWith('#') || !line.StartsWith(name, StringComparison.Ordinal))
            {
                continue;
            }
            var rest = line[name.Length..];
            if (rest.Length == 0 || (rest[0] != '{' && rest[0] != ' '))
            {
                continue;
            }
            var labelText = rest[0] == '{' ? rest[..(rest.IndexOf('}', StringComparison.Ordinal) + 1)] : "";
            if (labels.All(l => labelText.Contains($"{l.Label}=\"{l.Value}\"", StringComparison.Ordinal)))
            {
                var value = rest[labelText.Length..].Trim().Split(' ')[0];
                sum += double.Parse(value, CultureInfo.InvariantCulture);
            }
        }
        return sum;
    }

    public bool Has(string name) => Text.Split('\n').Any(line => line.StartsWith(name, StringComparison.Ordinal));
}
