using System.Net.Mail;

namespace TimeBank.Api.Features.Identity;

public static class EmailRules
{
    /// <summary>One address with a dotted domain: "a@b.org" yes, "a@b", "a b@c.org" and "x" no.</summary>
    public static bool IsWellFormed(string email) =>
        MailAddress.TryCreate(email.Trim(), out var address)
        && address.Address == email.Trim()
        && address.Host.Contains('.', StringComparison.Ordinal)
        && !address.Host.EndsWith('.');

    /// <summary>Emails compare case-insensitively; we store them lower-cased so the unique index agrees.</summary>
    public static string Normalize(string email) => email.Trim().ToLowerInvariant();
}
