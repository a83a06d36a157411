using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using TimeBank.GraphQL.Connections;

namespace TimeBank.GraphQL.Tests.Connections;

public sealed class PagingTests : IDisposable
{
    // Ties on Genre and Year make the later keys matter; the descending Year makes the directions mixed.
    private static readonly Volume[] Volumes =
    [
        .. Enumerable.Range(1, 23).Select(i => new Volume
        {
            Id = i,
            Genre = (i % 3) switch { 0 => "essay", 1 => "novel", _ => "poetry" },
            Year = 1990 + (i % 4),
            Shelved = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc).AddDays(i % 5),
        }),
    ];

    private static readonly KeysetOrder<Volume> Order =
        new KeysetOrder<Volume>().By(v => v.Genre).By(v => v.Year, descending: true).By(v => v.Shelved).By(v => v.Id);

    private readonly SqliteConnection _connection = new("Data Source=:memory:");
    private readonly List<string> _sql = [];

    public PagingTests()
    {
        _connection.Open();
        using var db = NewContext();
        db.Database.EnsureCreated();
        db.Volumes.AddRange(Volumes.Select(v => new Volume { Id = v.Id, Genre = v.Genre, Year = v.Year, Shelved = v.Shelved }));
        db.SaveChanges();
        _sql.Clear();
    }

    private static int[] Expected =>
        [.. Volumes.OrderBy(v => v.Genre, StringComparer.Ordinal).ThenByDescending(v => v.Year).ThenBy(v => v.Shelved).ThenBy(v => v.Id).Select(v => v.Id)];

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    [InlineData(7)]
    [InlineData(23)]
    [InlineData(30)]
    public async Task WalkingForwardAndBackwardVisitsEveryItemOnceInMemory(int size)
    {
        Assert.Equal(Expected, await WalkForwardAsync(page => Volumes.ToConnectionAsync(Order, page), size));
        Assert.Equal(Expected, await WalkBackwardAsync(page => Volumes.ToConnectionAsync(Order, page), size));
    }

    [Theory]
    [InlineData(5)]
    [InlineData(9)]
    public async Task WalkingAnEfCoreQueryReadsKeysetPagesInSql(int size)
    {
        Assert.Equal(Expected, await WalkForwardAsync(page => OnSqliteAsync(page), size));
        Assert.Equal(Expected, await WalkBackwardAsync(page => OnSqliteAsync(page), size));

        // The cursor became a parameterised WHERE and the page a LIMIT: nothing was filtered in memory.
        var pageQueries = _sql.Where(s => s.Contains("ORDER BY", StringComparison.Ordinal) && s.Contains("WHERE", StringComparison.Ordinal)).ToArray();
        Assert.NotEmpty(pageQueries);
        Assert.All(pageQueries, s => Assert.Contains("LIMIT @", s, StringComparison.Ordinal));
        Assert.All(pageQueries, s => Assert.DoesNotContain("'novel'", s, StringComparison.Ordinal));
    }

    [Fact]
    public async Task TotalCountIsReadOnlyWhenAskedFor()
    {
        var without = await Volumes.ToConnectionAsync(Order, new PageRequest(First: 2));
        var with = await Volumes.ToConnectionAsync(Order, new PageRequest(First: 2, IncludeTotalCount: true));

        Assert.Null(without.TotalCount);
        Assert.Equal(23, with.TotalCount);
    }

    [Theory]
    [InlineData(-1, null)]
    [InlineData(null, -1)]
    public async Task NegativeSizesAreRefused(int? first, int? last)
    {
        var error = await Assert.ThrowsAsync<PagingError>(() => Volumes.ToConnectionAsync(Order, new PageRequest(first, null, last)));

        Assert.Equal(PagingError.InvalidPagination, error.Code);
    }

    private async Task<Connection<Volume>> OnSqliteAsync(PageRequest page)
    {
        await using var db = NewContext();
        return await db.Volumes.ToConnectionAsync(Order, page, CancellationToken.None, (q, ct) => q.CountAsync(ct));
    }

    private static async Task<List<int>> WalkForwardAsync(Func<PageRequest, Task<Connection<Volume>>> read, int size)
    {
        var seen = new List<int>();
        string? after = null;
        for (var hasNext = true; hasNext;)
        {
            var page = await read(new PageRequest(First: size, After: after));
            Assert.Equal(after is not null, page.PageInfo.HasPreviousPage);
            seen.AddRange(page.Nodes.Select(v => v.Id));
            (hasNext, after) = (page.PageInfo.HasNextPage, page.PageInfo.EndCursor);
            Assert.True(seen.Count <= Volumes.Length, "the walk does not end");
        }
        return seen;
    }

    private static async Task<List<int>> WalkBackwardAsync(Func<PageRequest, Task<Connection<Volume>>> read, int size)
    {
        var seen = new List<int>();
        string? before = null;
        for (var hasPrevious = true; hasPrevious;)
        {
            var page = await read(new PageRequest(Last: size, Before: before));
            Assert.Equal(before is not null, page.PageInfo.HasNextPage);
            seen.InsertRange(0, page.Nodes.Select(v => v.Id));
            (hasPrevious, before) = (page.PageInfo.HasPreviousPage, page.PageInfo.StartCursor);
            Assert.True(seen.Count <= Volumes.Length, "the walk does not end");
        }
        return seen;
    }

    private VolumeContext NewContext() => new(new DbContextOptionsBuilder<VolumeContext>()
        .UseSqlite(_connection)
        .LogTo(_sql.Add, [DbLoggerCategory.Database.Command.Name])
        .Options);

    public void Dispose() => _connection.Dispose();
}

public sealed class Volume
{
    public int Id { get; set; }

    public required string Genre { get; set; }

    public int Year { get; set; }

    public DateTime Shelved { get; set; }
}

public sealed class VolumeContext(DbContextOptions<VolumeContext> options) : DbContext(options)
{
    public DbSet<Volume> Volumes => Set<Volume>();
}
