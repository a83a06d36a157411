using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace TimeBank.Ledger.Configurations;

/// <summary>
/// Ledger times are stored as UTC Unix milliseconds (INTEGER): they order and compare correctly in SQL on
/// every provider, and the raw writer and the hash chain use the same number.
/// </summary>
internal sealed class UnixMillisecondsConverter() : ValueConverter<DateTimeOffset, long>(
    value => value.ToUnixTimeMilliseconds(),
    value => DateTimeOffset.FromUnixTimeMilliseconds(value))
{
    public static readonly UnixMillisecondsConverter Instance = new();
}
