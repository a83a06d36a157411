using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace TimeBank.Ledger.Hashing;

/// <summary>
/// Builds the canonical text that is hashed: one <c>name=value</c> line per field, strings length-prefixed
/// so no value can imitate a field boundary, null written as <c>~</c>. Documented in docs/ledger.md so
/// anyone can recompute the hashes.
/// </summary>
internal sealed class CanonicalWriter
{
    private readonly StringBuilder _text = new(256);

    public void Add(string name, string? value)
    {
        _text.Append(name).Append('=');
        if (value is null)
        {
            _text.Append('~');
        }
        else
        {
            _text.Append(value.Length.ToString(CultureInfo.InvariantCulture)).Append(':').Append(value);
        }
        _text.Append('\n');
    }

    public void Add(string name, long? value) =>
        _text.Append(name).Append('=')
            .Append(value is null ? "~" : value.Value.ToString(CultureInfo.InvariantCulture)).Append('\n');

    public byte[] ToBytes() => Encoding.UTF8.GetBytes(_text.ToString());

    public string ToSha256Hex() => Convert.ToHexStringLower(SHA256.HashData(ToBytes()));

    public override string ToString() => _text.ToString();
}
