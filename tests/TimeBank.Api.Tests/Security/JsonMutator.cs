using System.Text;

namespace TimeBank.Api.Tests.Security;

/// <summary>
/// Turns a valid JSON request into a malformed one, the ways clients and attackers break them: flipped bytes,
/// truncation, lone surrogate escapes, invalid UTF-8, NUL, huge numbers, deep nesting, values of the wrong type and
/// duplicate keys. Deterministic for a given <see cref="Random"/>. To add a kind of damage, add a case to
/// <see cref="Mutate"/>.
/// </summary>
internal static class JsonMutator
{
    private static readonly string[] SurrogateEscapes = [@"\ud800", @"\udfff", @"\udc00\ud800", @"\ud83d"];

    private static readonly byte[][] InvalidUtf8 =
    [
        [0xFF], [0xC0, 0x80], [0xED, 0xA0, 0x80], [0x80], [0xF4, 0x90, 0x80, 0x80], [0xE2, 0x82],
    ];

    private static readonly string[] HugeNumbers =
    [
        "2147483648", "-2147483649", "9007199254740992", "1e999999", "-1e-999999", "1" + new string('0', 400),
        "0." + new string('9', 400), "123456789012345678901234567890", "-0", "1E+2147483648",
    ];

    private static readonly string[] WrongTypes = ["[]", "{}", "1", "true", "null", "\"x\"", "[null]", "{\"\":{}}", "\"\"", "-1.5"];

    /// <summary>One mutation of <paramref name="json"/>; a few in a row now and then.</summary>
    public static byte[] Mutate(byte[] json, Random random)
    {
        var result = MutateOnce(json, random);
        while (random.Next(4) == 0)
        {
            result = MutateOnce(result, random);
        }
        return result;
    }

    private static byte[] MutateOnce(byte[] json, Random random) => random.Next(11) switch
    {
        0 => FlipByte(json, random),
        1 => json[..random.Next(json.Length)],
        2 => InsertInString(json, random, Encoding.UTF8.GetBytes(SurrogateEscapes[random.Next(SurrogateEscapes.Length)])),
        3 => InsertInString(json, random, InvalidUtf8[random.Next(InvalidUtf8.Length)]),
        4 => InsertInString(json, random, random.Next(2) == 0 ? [0] : "\\u0000"u8.ToArray()),
        5 => ReplaceValue(json, random, HugeNumbers[random.Next(HugeNumbers.Length)]),
        6 => ReplaceValue(json, random, Nested(random)),
        7 => ReplaceValue(json, random, WrongTypes[random.Next(WrongTypes.Length)]),
        8 => DuplicateKey(json, random),
        9 => Insert(json, random.Next(json.Length + 1), [(byte)random.Next(256)]),
        _ => Encoding.UTF8.GetBytes(WrongTypes[random.Next(WrongTypes.Length)]),
    };

    private static string Nested(Random random)
    {
        var depth = new[] { 10, 63, 64, 65, 200, 3_000 }[random.Next(6)];
        return random.Next(2) == 0
            ? new string('[', depth) + "1" + new string(']', depth)
            : string.Concat(Enumerable.Repeat("{\"a\":", depth)) + "1" + new string('}', depth);
    }

    private static byte[] FlipByte(byte[] json, Random random)
    {
        if (json.Length == 0)
        {
            return json;
        }
        var copy = (byte[])json.Clone();
        copy[random.Next(copy.Length)] ^= (byte)(1 << random.Next(8));
        return copy;
    }

    // Right after a quote, so that the bytes land inside a string (or a key) about half the time.
    private static byte[] InsertInString(byte[] json, Random random, byte[] bytes)
    {
        var quotes = Enumerable.Range(0, json.Length).Where(i => json[i] == '"').ToArray();
        var at = quotes.Length == 0 ? random.Next(json.Length + 1) : quotes[random.Next(quotes.Length)] + 1;
        return Insert(json, at, bytes);
    }

    private static byte[] ReplaceValue(byte[] json, Random random, string value)
    {
        var colons = StructuralColons(json);
        if (colons.Count == 0)
        {
            return Encoding.UTF8.GetBytes(value);
        }
        var colon = colons[random.Next(colons.Count)];
        var end = ValueEnd(json, colon + 1);
        return [.. json[..(colon + 1)], .. Encoding.UTF8.GetBytes(value), .. json[end..]];
    }

    private static byte[] DuplicateKey(byte[] json, Random random)
    {
        var colons = StructuralColons(json);
        if (colons.Count == 0)
        {
            return json;
        }
        var colon = colons[random.Next(colons.Count)];
        var keyStart = Array.LastIndexOf(json, (byte)'"', Math.Max(0, Array.LastIndexOf(json, (byte)'"', colon) - 1));
        var end = ValueEnd(json, colon + 1);
        if (keyStart < 0)
        {
            return json;
        }
        var other = random.Next(2) == 0 ? json[(colon + 1)..end] : Encoding.UTF8.GetBytes(WrongTypes[random.Next(WrongTypes.Length)]);
        return [.. json[..end], (byte)',', .. json[keyStart..(colon + 1)], .. other, .. json[end..]];
    }

    /// <summary>The positions of the colons between keys and values (not those inside strings).</summary>
    private static List<int> StructuralColons(byte[] json)
    {
        var colons = new List<int>();
        var inString = false;
        for (var i = 0; i < json.Length; i++)
        {
            if (inString)
            {
                if (json[i] == '\\')
                {
                    i++;
                }
                else if (json[i] == '"')
                {
                    inString = false;
                }
            }
            else if (json[i] == '"')
            {
                inString = true;
            }
            else if (json[i] == ':')
            {
                colons.Add(i);
            }
        }
        return colons;
    }

    /// <summary>Where the JSON value that starts at <paramref name="start"/> ends (exclusive).</summary>
    private static int ValueEnd(byte[] json, int start)
    {
        var depth = 0;
        var inString = false;
        for (var i = start; i < json.Length; i++)
        {
            var b = json[i];
            if (inString)
            {
                if (b == '\\')
                {
                    i++;
                }
                else if (b == '"')
                {
                    inString = false;
                    if (depth == 0)
                    {
                        return i + 1;
                    }
                }
                continue;
            }
            switch (b)
            {
                case (byte)'"':
                    inString = true;
                    break;
                case (byte)'{' or (byte)'[':
                    depth++;
                    break;
                case (byte)'}' or (byte)']' when depth == 0:
                    return i;
                case (byte)'}' or (byte)']':
                    depth--;
                    if (depth == 0)
                    {
                        return i + 1;
                    }
                    break;
                case (byte)',' when depth == 0:
                    return i;
            }
        }
        return json.Length;
    }

    private static byte[] Insert(byte[] json, int at, byte[] bytes) => [.. json[..at], .. bytes, .. json[at..]];
}
