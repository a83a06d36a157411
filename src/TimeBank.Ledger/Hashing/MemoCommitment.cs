using System.Security.Cryptography;
using System.Text;

namespace TimeBank.Ledger.Hashing;

/// <summary>
/// A memo's commitment: digest = SHA-256(salt || UTF-8 memo) with 16 random bytes of salt per entry. The hash
/// chain includes the digest, not the memo, so the memo and its salt can be erased (personal data) while the
/// chain still verifies; without the salt nobody can test guesses against the digest.
/// </summary>
internal static class MemoCommitment
{
    private const int SaltBytes = 16;

    /// <summary>A fresh salt and the digest of <paramref name="memo"/>; both null when there is no memo.</summary>
    public static (string? Salt, string? Digest) Commit(string? memo)
    {
        if (memo is null)
        {
            return (null, null);
        }
        var salt = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(SaltBytes));
        return (salt, Digest(salt, memo));
    }

    /// <summary>The digest of a kept memo; null when the salt is not well-formed hex (only possible by tampering).</summary>
    public static string? Digest(string saltHex, string memo)
    {
        byte[] salt;
        try
        {
            salt = Convert.FromHexString(saltHex);
        }
        catch (FormatException)
        {
            return null;
        }
        var text = Encoding.UTF8.GetBytes(memo);
        var input = new byte[salt.Length + text.Length];
        salt.CopyTo(input, 0);
        text.CopyTo(input, salt.Length);
        return Convert.ToHexStringLower(SHA256.HashData(input));
    }
}
