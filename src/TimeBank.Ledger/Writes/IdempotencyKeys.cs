using System.Security.Cryptography;
using System.Text;

namespace TimeBank.Ledger.Writes;

/// <summary>Helpers for building idempotency keys.</summary>
public static class IdempotencyKeys
{
    /// <summary>
    /// A key part chosen outside the host (a client's retry key), as the lowercase hex SHA-256 of its UTF-8. Keys are
    /// hashed into the chain and can never be erased, so free text must not reach them; the digest keeps a retry
    /// with the same part mapping to the same key.
    /// </summary>
    public static string Digest(string clientPart)
    {
        ArgumentNullException.ThrowIfNull(clientPart);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(clientPart)));
    }
}
