namespace TimeBank.GraphQL.Tests.BlocksSupport;

public sealed record Author(int Id, string Name);

public sealed record Book(int Id, string Title, int AuthorId, int ShelfId);

public sealed record Shelf(Guid Id, string Label);

/// <summary>A fixed toy library and a log of every batch a fetch received.</summary>
public sealed class Library
{
    public static readonly Guid FictionShelf = Guid.Parse("7d3f8a59-5c2e-4b7a-9e61-0c8f5d2a1b34");

    public List<Author> Authors { get; } =
    [
        new(1, "Ursula"), new(2, "Octavia"), new(3, "Iain"), new(4, "Ted"), new(5, "Becky"),
    ];

    public List<Book> Books { get; } =
    [
        new(1, "Earthsea", 1, 1), new(2, "Kindred", 2, 1), new(3, "Excession", 3, 1),
        new(4, "Dispossessed", 1, 1), new(5, "Dawn", 2, 1), new(6, "Arrival", 4, 1), new(7, "Wayfarers", 5, 1),
    ];

    public List<Shelf> Shelves { get; } = [new(FictionShelf, "Fiction")];

    public List<(string Loader, object[] Keys)> Fetches { get; } = [];

    public void Record<TKey>(string loader, IReadOnlyList<TKey> keys)
    {
        lock (Fetches)
        {
            Fetches.Add((loader, keys.Cast<object>().ToArray()));
        }
    }

    public object[][] FetchesOf(string loader)
    {
        lock (Fetches)
        {
            return [.. Fetches.Where(f => f.Loader == loader).Select(f => f.Keys)];
        }
    }
}
