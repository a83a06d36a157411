using System.Buffers;
using System.Security.Claims;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using TimeBank.GraphQL.Reuse;

namespace TimeBank.GraphQL.Tests.Reuse;

/// <summary>The answer cache on its own: what its key tells apart, when an answer stops being good, and its bounds.</summary>
public sealed class QueryResponseCacheTests
{
    private readonly Clock _clock = new();
    private readonly Version _version = new();

    private sealed class Clock : TimeProvider
    {
        private long _ticks;

        public override long TimestampFrequency => TimeSpan.TicksPerSecond;

        public override long GetTimestamp() => _ticks;

        public void Advance(TimeSpan by) => _ticks += by.Ticks;
    }

    private sealed class Version : IDataVersion
    {
        public long Current { get; set; } = 1;

        public bool Readable { get; set; } = true;

        public bool TryRead(out long version)
        {
            version = Current;
            return Readable;
        }
    }

    private QueryResponseCache Cache(int entries = 100, long bytes = 1 << 20)
    {
        var services = new ServiceCollection().AddSingleton<IDataVersion>(_version).AddSingleton<TimeProvider>(_clock).BuildServiceProvider();
        return new QueryResponseCache(services, Options.Create(new GraphQLServerOptions
        {
            QueryResponseReuse = TimeSpan.FromSeconds(1),
            QueryResponseCacheEntries = entries,
            QueryResponseCacheBytes = bytes,
        }));
    }

    private static QueryResponseCache.Key Key(string body, string? authorization = "Bearer a", bool isGet = false, int mediaType = 0, string path = "/graphql") =>
        QueryResponseCache.KeyOf(isGet, mediaType, authorization, path, new ReadOnlySequence<byte>(Encoding.UTF8.GetBytes(body)));

    [Fact]
    public void EveryPartOfTheRequestIsInTheKey()
    {
        var keys = new[]
        {
            Key("{ a }"), Key("{ b }"), Key("{ a }", authorization: "Bearer b"), Key("{ a }", authorization: null),
            Key("{ a }", isGet: true), Key("{ a }", mediaType: 1), Key("{ a }", path: "/other"),
            // Length-prefixed parts: moving bytes from one part to the next makes another key.
            Key("a }", authorization: "Bearer a{ "),
        };

        Assert.Equal(keys.Length, keys.Distinct().Count());
        Assert.Equal(Key("{ a }"), Key("{ a }"));
    }

    [Fact]
    public void AnAnswerIsFoundOnlyUnderItsVersionForItsPrincipalAndWithinTheWindow()
    {
        var cache = Cache();
        var key = Key("{ a }");
        var made = cache.Find(key, "user:1");
        cache.Keep(key, made.Version, "user:1", [1, 2, 3]);

        var again = cache.Find(key, "user:1").Body;
        var otherPrincipal = cache.Find(key, null).Body;
        _clock.Advance(TimeSpan.FromMilliseconds(999));
        var late = cache.Find(key, "user:1").Body;
        _version.Current++;
        var afterCommit = cache.Find(key, "user:1").Body;

        Assert.Equal([1, 2, 3], again);
        Assert.Null(otherPrincipal);
        Assert.NotNull(late);
        Assert.Null(afterCommit);
        Assert.Equal(0, cache.Count);
    }

    [Fact]
    public void NothingIsKeptWhenTheVersionCouldNotBeRead()
    {
        var cache = Cache();
        _version.Readable = false;
        var found = cache.Find(Key("{ a }"), null);

        cache.Keep(Key("{ a }"), found.Version, null, [1]);

        Assert.Null(found.Version);
        Assert.Equal(0, cache.Count);
    }

    [Fact]
    public void PastItsBoundsTheCacheStartsOver()
    {
        var cache = Cache(entries: 3, bytes: 1_600);
        for (var i = 0; i < 3; i++)
        {
            cache.Keep(Key($"{{ a{i} }}"), 1, null, [1]);
        }
        var full = cache.Count;
        cache.Keep(Key("{ b }"), 1, null, [1]);
        var afterEntries = cache.Count;
        cache.Keep(Key("{ big }"), 1, null, new byte[101]);

        Assert.Equal(3, full);
        Assert.Equal(1, afterEntries);
        // Over a sixteenth of the byte bound: never kept.
        Assert.Equal(1, cache.Count);
    }

    [Fact]
    public void ThePrincipalIsTheSignedInUserOrNobody()
    {
        var signedIn = new ClaimsPrincipal(new ClaimsIdentity([new Claim("sub", "42")], "Bearer"));
        var unauthenticated = new ClaimsPrincipal(new ClaimsIdentity([new Claim("sub", "42")]));

        Assert.Equal("user:42", QueryResponseCache.PrincipalOf(signedIn));
        Assert.Null(QueryResponseCache.PrincipalOf(unauthenticated));
    }
}
