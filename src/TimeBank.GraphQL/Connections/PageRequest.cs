using GraphQL;

namespace TimeBank.GraphQL.Connections;

/// <summary>
/// The Relay paging arguments of one connection field. <c>IncludeTotalCount</c> says whether <c>totalCount</c>
/// was selected, so counting is skipped when nobody asked.
/// </summary>
public sealed record PageRequest(int? First = null, string? After = null, int? Last = null, string? Before = null, bool IncludeTotalCount = false)
{
    /// <summary>The page size when the client gives neither <c>first</c> nor <c>last</c>.</summary>
    public const int DefaultPageSize = 20;

    /// <summary>The largest <c>first</c> or <c>last</c> accepted.</summary>
    public const int MaxPageSize = 100;

    /// <summary>Reads <c>first</c>, <c>after</c>, <c>last</c>, <c>before</c> and whether <c>totalCount</c> is selected.</summary>
    public static PageRequest From(IResolveFieldContext context) => new(
        context.GetArgument<int?>("first"),
        context.GetArgument<string?>("after"),
        context.GetArgument<int?>("last"),
        context.GetArgument<string?>("before"),
        context.SubFields?.Values.Any(f => f.FieldType.Name == "totalCount") ?? false);

    /// <summary>Checks the sizes and returns how many items to take and in which direction.</summary>
    /// <exception cref="PagingError">Negative or too large sizes, or both <c>first</c> and <c>last</c>.</exception>
    public (int Size, bool Backward) Validate()
    {
        if (First is not null && Last is not null)
        {
            throw new PagingError(PagingError.InvalidPagination, "Give either `first` or `last`, not both.");
        }
        var size = First ?? Last ?? DefaultPageSize;
        CheckSize(size);
        return (size, Last is not null);
    }

    internal static void CheckSize(int size)
    {
        if (size < 0)
        {
            throw new PagingError(PagingError.InvalidPagination, "`first` and `last` cannot be negative.");
        }
        if (size > MaxPageSize)
        {
            throw new PagingError(PagingError.PageSizeExceeded, $"A page holds at most {MaxPageSize} items.");
        }
    }
}
