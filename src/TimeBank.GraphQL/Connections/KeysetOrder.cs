using System.Buffers.Text;
using System.Linq.Expressions;
using System.Text.Json;

namespace TimeBank.GraphQL.Connections;

/// <summary>
/// The sort order of a connection, as a list of keys that together are unique (end with the primary key),
/// e.g. <c>new KeysetOrder&lt;Book&gt;().By(b =&gt; b.Title).By(b =&gt; b.Id)</c>. It orders a query, writes
/// cursors holding the keys of an item, and turns a cursor into a <c>WHERE (keys) &gt; (cursor)</c> filter
/// that EF Core translates to SQL.
/// </summary>
/// <remarks>
/// Keys are numbers, dates, booleans, enums or strings and must not be null (Guids work in memory; their
/// translation by EF Core is not verified). Strings compare with
/// <see cref="string.Compare(string, string)"/>, which EF Core translates to the column's collation; in memory it
/// matches <c>OrderBy</c>'s default comparer.
/// </remarks>
public sealed class KeysetOrder<T>
{
    private readonly ParameterExpression _item = Expression.Parameter(typeof(T), "item");
    private readonly List<Key> _keys = [];

    /// <summary>Orders by <paramref name="key"/>, after the keys added before (the first call is the primary order).</summary>
    public KeysetOrder<T> By<TKey>(Expression<Func<T, TKey>> key, bool descending = false)
    {
        var body = new Rebind(key.Parameters[0], _item).Visit(key.Body);
        var read = key.Compile();
        _keys.Add(new Key(
            body,
            descending,
            item => read(item),
            (query, first, reverse) => (descending != reverse) switch
            {
                true when first => query.OrderByDescending(key),
                false when first => query.OrderBy(key),
                true => ((IOrderedQueryable<T>)query).ThenByDescending(key),
                false => ((IOrderedQueryable<T>)query).ThenBy(key),
            },
            json => json.Deserialize<TKey>() ?? throw new JsonException("A key is null."),
            value => Expression.Property(Expression.Constant(new Holder<TKey>((TKey)value)), nameof(Holder<TKey>.Value))));
        return this;
    }

    internal IQueryable<T> Apply(IQueryable<T> query, bool reverse)
    {
        for (var i = 0; i < _keys.Count; i++)
        {
            query = _keys[i].Order(query, i == 0, reverse);
        }
        return query;
    }

    internal string CursorOf(T item) =>
        Base64Url.EncodeToString(JsonSerializer.SerializeToUtf8Bytes(_keys.Select(k => k.Read(item)).ToArray()));

    internal object[] Decode(string cursor)
    {
        try
        {
            using var json = JsonDocument.Parse(Base64Url.DecodeFromChars(cursor));
            var values = json.RootElement.EnumerateArray().ToArray();
            if (values.Length != _keys.Count)
            {
                throw new FormatException("The cursor has another number of keys.");
            }
            return [.. values.Select((value, i) => _keys[i].ReadJson(value))];
        }
        catch (Exception ex) when (ex is FormatException or JsonException or InvalidOperationException or NotSupportedException)
        {
            throw new PagingError(PagingError.InvalidCursor, "The cursor was not issued by this list.");
        }
    }

    /// <summary>Items strictly after the cursor in this order: (k1 &gt; c1) or (k1 = c1 and k2 &gt; c2) or …</summary>
    internal Expression<Func<T, bool>> After(object[] cursor) => Beyond(cursor, after: true);

    /// <summary>Items strictly before the cursor in this order.</summary>
    internal Expression<Func<T, bool>> Before(object[] cursor) => Beyond(cursor, after: false);

    internal static Expression<Func<T, bool>> Not(Expression<Func<T, bool>> filter) =>
        Expression.Lambda<Func<T, bool>>(Expression.Not(filter.Body), filter.Parameters);

    private Expression<Func<T, bool>> Beyond(object[] cursor, bool after)
    {
        Expression? any = null;
        Expression? equalSoFar = null;
        for (var i = 0; i < _keys.Count; i++)
        {
            var key = _keys[i];
            var value = key.Constant(cursor[i]);
            var beyond = Compare(key.Body, value, greater: after != key.Descending);
            var term = equalSoFar is null ? beyond : Expression.AndAlso(equalSoFar, beyond);
            any = any is null ? term : Expression.OrElse(any, term);
            var equal = Expression.Equal(Comparable(key.Body), Comparable(value));
            equalSoFar = equalSoFar is null ? equal : Expression.AndAlso(equalSoFar, equal);
        }
        return Expression.Lambda<Func<T, bool>>(any!, _item);
    }

    private static BinaryExpression Compare(Expression left, Expression right, bool greater)
    {
        if (left.Type == typeof(string))
        {
            var compare = Expression.Call(typeof(string).GetMethod(nameof(string.Compare), [typeof(string), typeof(string)])!, left, right);
            return greater ? Expression.GreaterThan(compare, Expression.Constant(0)) : Expression.LessThan(compare, Expression.Constant(0));
        }
        if (left.Type == typeof(bool))
        {
            // false < true
            return greater ? Expression.AndAlso(left, Expression.Not(right)) : Expression.AndAlso(Expression.Not(left), right);
        }
        return greater
            ? Expression.GreaterThan(Comparable(left), Comparable(right))
            : Expression.LessThan(Comparable(left), Comparable(right));
    }

    private static Expression Comparable(Expression value) =>
        value.Type.IsEnum ? Expression.Convert(value, Enum.GetUnderlyingType(value.Type)) : value;

    private sealed record Key(
        Expression Body,
        bool Descending,
        Func<T, object?> Read,
        Func<IQueryable<T>, bool, bool, IQueryable<T>> Order,
        Func<JsonElement, object> ReadJson,
        Func<object, Expression> Constant);

    // A member of an object, not a constant, so EF Core sends the cursor's values as SQL parameters.
    private sealed class Holder<TValue>(TValue value)
    {
        public TValue Value { get; } = value;
    }

    private sealed class Rebind(ParameterExpression from, ParameterExpression to) : ExpressionVisitor
    {
        protected override Expression VisitParameter(ParameterExpression node) => node == from ? to : node;
    }
}
