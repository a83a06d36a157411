using System.Buffers;
using System.Collections.Concurrent;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace TimeBank.GraphQL.Reuse;

/// <summary>
/// Answers a query over HTTP with the bytes it answered last time, when nothing can have changed them: the same request
/// (method, negotiated media type, <c>Authorization</c> header and body or query string, hashed together), asked by the
/// same principal, under the same <see cref="IDataVersion"/> (no commit since), and at most
/// <see cref="GraphQLServerOptions.QueryResponseReuse"/> ago (a field may read the clock). Only a query that executed
/// without an error is kept. The version is read before the query runs, so an answer that raced a commit is filed under
/// the version before it and never served again; a caller who wrote and then reads gets a new version, never the old answer.
/// </summary>
public sealed class QueryResponseCache
{
    private readonly ConcurrentDictionary<Key, Entry> _entries = new();
    private readonly IDataVersion? _version;
    private readonly TimeProvider _clock;
    private readonly long _maxAgeTicks;
    private readonly int _maxEntries;
    private readonly long _maxBytes;
    private long _bytes;
    private int _count;

    [ThreadStatic]
    private static IncrementalHash? _threadHash;

    public QueryResponseCache(IServiceProvider services, IOptions<GraphQLServerOptions> options)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(options);
        _version = services.GetService<IDataVersion>();
        _clock = services.GetService<TimeProvider>() ?? TimeProvider.System;
        var maxAge = options.Value.QueryResponseReuse;
        _maxAgeTicks = maxAge <= TimeSpan.Zero ? 0 : (long)(maxAge.TotalSeconds * _clock.TimestampFrequency);
        _maxEntries = options.Value.QueryResponseCacheEntries;
        _maxBytes = options.Value.QueryResponseCacheBytes;
    }

    /// <summary>Whether answers are reused at all: a data version is registered and the reuse window is not zero.</summary>
    public bool Enabled => _version is not null && _maxAgeTicks > 0 && _maxEntries > 0;

    /// <summary>Answers kept now (tests read it).</summary>
    public int Count => Volatile.Read(ref _count);

    /// <summary>What identifies one request's answer: a SHA-256 of everything the answer depends on besides the data.</summary>
    public readonly record struct Key(ulong A, ulong B, ulong C, ulong D);

    /// <summary>What was found: the version read now (to file a new answer under; null when none could be read) and the answer to reuse, if any.</summary>
    public readonly record struct Lookup(long? Version, byte[]? Body);

    private sealed record Entry(long Version, long Timestamp, string? Principal, byte[] Body);

    /// <summary>The key of a request: every part length-prefixed, so no two different requests run together.</summary>
    public static Key KeyOf(bool isGet, int mediaType, string? authorization, string? path, ReadOnlySequence<byte> body)
    {
        var hash = _threadHash ??= IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        Span<byte> head = stackalloc byte[2];
        head[0] = isGet ? (byte)1 : (byte)2;
        head[1] = (byte)mediaType;
        hash.AppendData(head);
        AppendText(hash, authorization);
        AppendText(hash, path);
        Span<byte> length = stackalloc byte[8];
        BitConverter.TryWriteBytes(length, body.Length);
        hash.AppendData(length);
        foreach (var segment in body)
        {
            hash.AppendData(segment.Span);
        }
        Span<byte> digest = stackalloc byte[32];
        hash.GetHashAndReset(digest);
        return new Key(
            BitConverter.ToUInt64(digest[..8]), BitConverter.ToUInt64(digest[8..16]),
            BitConverter.ToUInt64(digest[16..24]), BitConverter.ToUInt64(digest[24..]));
    }

    /// <summary>
    /// Who asks, as far as an answer can tell: signed in or not, and as whom. A token that stopped being accepted leaves the
    /// request anonymous, so an answer made for it is not reused, though the <c>Authorization</c> header is the same.
    /// </summary>
    public static string? PrincipalOf(ClaimsPrincipal user)
    {
        ArgumentNullException.ThrowIfNull(user);
        if (user.Identity?.IsAuthenticated != true)
        {
            return null;
        }
        return "user:" + (user.FindFirst(ClaimTypes.NameIdentifier)?.Value ?? user.FindFirst("sub")?.Value ?? user.Identity.Name ?? "");
    }

    /// <summary>Reads the version, then the answer kept for <paramref name="key"/> if it is still good for it.</summary>
    public Lookup Find(Key key, string? principal)
    {
        if (!_version!.TryRead(out var version))
        {
            return new Lookup(null, null);
        }
        if (_entries.TryGetValue(key, out var entry))
        {
            var current = entry.Version == version && _clock.GetTimestamp() - entry.Timestamp < _maxAgeTicks;
            if (current && entry.Principal == principal)
            {
                return new Lookup(version, entry.Body);
            }
            if (!current)
            {
                Remove(key, entry);
            }
        }
        return new Lookup(version, null);
    }

    /// <summary>Keeps an answer made under <paramref name="version"/>; when full, everything kept goes (it is all cheap to remake).</summary>
    public void Keep(Key key, long? version, string? principal, byte[] body)
    {
        ArgumentNullException.ThrowIfNull(body);
        if (version is null || body.Length > _maxBytes / 16)
        {
            return;
        }
        // Counted by hand: ConcurrentDictionary.Count takes every lock of the table.
        if (Volatile.Read(ref _count) >= _maxEntries || Interlocked.Read(ref _bytes) + body.Length > _maxBytes)
        {
            Clear();
        }
        var entry = new Entry(version.Value, _clock.GetTimestamp(), principal, body);
        // TryAdd and TryUpdate rather than AddOrUpdate, whose factories may run and be thrown away under contention:
        // the counts change only for what really went in.
        while (true)
        {
            if (_entries.TryGetValue(key, out var old))
            {
                if (_entries.TryUpdate(key, entry, old))
                {
                    Interlocked.Add(ref _bytes, entry.Body.Length - old.Body.Length);
                    return;
                }
            }
            else if (_entries.TryAdd(key, entry))
            {
                Interlocked.Increment(ref _count);
                Interlocked.Add(ref _bytes, entry.Body.Length);
                return;
            }
        }
    }

    private void Remove(Key key, Entry entry)
    {
        if (_entries.TryRemove(new KeyValuePair<Key, Entry>(key, entry)))
        {
            Interlocked.Add(ref _bytes, -entry.Body.Length);
            Interlocked.Decrement(ref _count);
        }
    }

    private void Clear()
    {
        foreach (var (key, entry) in _entries)
        {
            Remove(key, entry);
        }
    }

    private static void AppendText(IncrementalHash hash, string? text)
    {
        Span<byte> length = stackalloc byte[4];
        BitConverter.TryWriteBytes(length, text is null ? -1 : text.Length);
        hash.AppendData(length);
        if (!string.IsNullOrEmpty(text))
        {
            hash.AppendData(Encoding.UTF8.GetBytes(text));
        }
    }
}
