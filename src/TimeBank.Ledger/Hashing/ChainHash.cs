using System.Security.Cryptography;

namespace TimeBank.Ledger.Hashing;

/// <summary>The one step both chains take: SHA-256(previous hash as 32 raw bytes || canonical text), lowercase hex.</summary>
internal static class ChainHash
{
    public static string Link(string previousHashHex, byte[] text)
    {
        var input = new byte[32 + text.Length];
        if (previousHashHex.Length != 64
            || Convert.FromHexString(previousHashHex, input.AsSpan(0, 32), out _, out _) != System.Buffers.OperationStatus.Done)
        {
            // A stored previous hash that is not 64 hex digits (only possible by tampering) hashes as zeros, so it
            // cannot match whatever the stored hash says.
            input.AsSpan(0, 32).Clear();
        }
        text.CopyTo(input, 32);
        return Convert.ToHexStringLower(SHA256.HashData(input));
    }
}
