using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace TimeBank.Api.Data;

/// <summary>
/// Every time is stored as UTC; SQLite keeps no kind, so reads are marked UTC again and serialise
/// with a trailing Z.
/// </summary>
internal sealed class UtcDateTimeConverter() : ValueConverter<DateTime, DateTime>(
    v => v.Kind == DateTimeKind.Utc ? v : v.ToUniversalTime(),
    v => DateTime.SpecifyKind(v, DateTimeKind.Utc));
