using System.Collections;
using GraphQL;
using GraphQL.DataLoader;
using GraphQL.Types;
using TimeBank.GraphQL.DataLoader;
using TimeBank.GraphQL.Limits;

namespace TimeBank.GraphQL.Relay;

/// <summary>Declares node types, the <c>node</c>/<c>nodes</c> root fields and typed ID arguments.</summary>
public static class NodeExtensions
{
    private const string NodeMetadataKey = "TimeBank.GraphQL.Relay.Node";

    /// <summary>The error code when a list of IDs is longer than <see cref="MaxIds"/>.</summary>
    public const string TooManyIds = "TOO_MANY_IDS";

    /// <summary>The most IDs <c>nodes(ids:)</c> and typed ID list arguments accept in one request.</summary>
    public const int MaxIds = 100;

    /// <summary>
    /// Makes this object type a <c>Node</c>: adds the interface, an <c>id: ID!</c> field built from
    /// <paramref name="key"/>, and registers <paramref name="fetch"/> so <c>node(id:)</c> can load it.
    /// </summary>
    /// <remarks>The graph type's name is the type part of its IDs; renaming a type changes its IDs.</remarks>
    public static void IsNode<TSource, TKey>(this ObjectGraphType<TSource> type, Func<TSource, TKey> key, BatchFetch<TKey, TSource> fetch)
        where TKey : notnull =>
        type.IsNode(key, _ => fetch);

    /// <summary>
    /// Like <see cref="IsNode{TSource, TKey}(ObjectGraphType{TSource}, Func{TSource, TKey}, BatchFetch{TKey, TSource})"/>, for
    /// objects whose visibility depends on who asks: <paramref name="fetchFor"/> builds the fetch from the request's
    /// context (once per request, so use only what is the same for the whole request, such as the user), and the
    /// fetch leaves out what that user may not see, so <c>node(id:)</c> answers null for it.
    /// </summary>
    public static void IsNode<TSource, TKey>(
        this ObjectGraphType<TSource> type, Func<TSource, TKey> key, Func<IResolveFieldContext, BatchFetch<TKey, TSource>> fetchFor)
        where TKey : notnull
    {
        type.Interface<NodeInterface>();
        type.IsTypeOf = value => value is TSource;
        type.Field<NonNullGraphType<IdGraphType>>("id")
            .Description("The object's opaque global ID.")
            .Resolve(ctx => GlobalId.Encode(type.Name, key(ctx.Source)));
        type.Metadata[NodeMetadataKey] = new NodeLoader<TSource, TKey>(fetchFor);
    }

    /// <summary>Adds <c>node(id: ID!): Node</c> and <c>nodes(ids: [ID!]!): [Node]!</c> to the query root.</summary>
    public static void AddNodeFields(this ObjectGraphType query)
    {
        query.Field<NodeInterface>("node")
            .Description("Fetches any object by its global ID; null when it does not exist or you may not see it.")
            .Argument<NonNullGraphType<IdGraphType>>("id", "A global ID.", arg => arg.Parser = value => ParseAnyId(value))
            .Resolve(ctx => Load(ctx, ctx.GetArgument<string>("id")));
        query.Field<NonNullGraphType<ListGraphType<NodeInterface>>>("nodes")
            .Description("Fetches objects by global ID, in the order asked; null for each that does not exist or you may not see.")
            .Argument<NonNullGraphType<ListGraphType<NonNullGraphType<IdGraphType>>>>("ids", "Global IDs.", arg => arg.Parser = value => ParseAnyIdList(value))
            .Resolve(ctx => DataLoaderResults.WhenAll(ctx.GetArgument<List<string>>("ids").Select(id => Load(ctx, id))))
            .FieldType.MaxItems(MaxIds, context => context.Arguments?.TryGetValue("ids", out var ids) == true && ids.Value is ICollection list ? list.Count : MaxIds);
    }

    /// <summary>
    /// Makes an ID argument typed: the client must send an ID of <paramref name="typeName"/>, and the resolver
    /// receives the key (read it with <see cref="GetId{TKey}"/>). Anything else fails validation with <c>INVALID_ID</c>.
    /// </summary>
    public static QueryArgument IdOf<TKey>(this QueryArgument argument, string typeName)
        where TKey : notnull
    {
        argument.Parser = IdParser<TKey>(typeName);
        return argument;
    }

    /// <summary>
    /// Makes an <c>[ID!]</c> argument typed: every ID must be of <paramref name="typeName"/> (at most <see cref="MaxIds"/>),
    /// and the resolver receives a <c>List&lt;TKey&gt;</c> (<c>ctx.GetArgument&lt;List&lt;TKey&gt;&gt;(name)</c>).
    /// </summary>
    public static QueryArgument IdsOf<TKey>(this QueryArgument argument, string typeName)
        where TKey : notnull
    {
        var parseOne = IdParser<TKey>(typeName);
        argument.Parser = value => CheckCount(value).Select(id => (TKey)parseOne(id!)).ToList();
        return argument;
    }

    /// <summary>
    /// The parser behind <see cref="IdOf{TKey}"/>, for ID fields of input types:
    /// <c>Field&lt;NonNullGraphType&lt;IdGraphType&gt;&gt;("bookId").ParseValue(NodeExtensions.IdParser&lt;int&gt;("Book"))</c>.
    /// </summary>
    public static Func<object, object> IdParser<TKey>(string typeName)
        where TKey : notnull =>
        value => value switch
        {
            TKey key => key,
            string id when GlobalId.TryDecode<TKey>(id, typeName, out var key) => key,
            _ => throw new InvalidIdError($"Expected an ID of type {typeName}."),
        };

    /// <summary>Reads a typed ID argument as its key (see <see cref="IdOf{TKey}"/>).</summary>
    public static TKey GetId<TKey>(this IResolveFieldContext context, string argumentName, string typeName)
        where TKey : notnull =>
        context.GetArgument<object?>(argumentName) switch
        {
            TKey key => key,
            string id when GlobalId.TryDecode<TKey>(id, typeName, out var key) => key,
            _ => throw new InvalidIdError($"Expected an ID of type {typeName} in '{argumentName}'."),
        };

    private static string ParseAnyId(object value) =>
        value is string id && GlobalId.TryDecode(id, out _, out _) ? id : throw new InvalidIdError("Expected a global ID.");

    private static List<string> ParseAnyIdList(object value) => [.. CheckCount(value).Select(id => ParseAnyId(id!))];

    private static List<object?> CheckCount(object value)
    {
        var ids = (value as IEnumerable<object?> ?? throw new InvalidIdError("Expected a list of global IDs.")).ToList();
        return ids.Count > MaxIds
            ? throw new InvalidIdError($"At most {MaxIds} IDs are accepted at once.") { Code = TooManyIds }
            : ids;
    }

    private static IDataLoaderResult<object?> Load(IResolveFieldContext context, string id) =>
        GlobalId.TryDecode(id, out var typeName, out var rawKey)
            && context.Schema.AllTypes[typeName] is IObjectGraphType type
            && type.GetMetadata<INodeLoader>(NodeMetadataKey) is { } loader
            ? loader.Load(context, type.Name, rawKey)
            : DataLoaderResults.FromValue<object?>(null);

    private interface INodeLoader
    {
        IDataLoaderResult<object?> Load(IResolveFieldContext context, string typeName, string rawKey);
    }

    private sealed class NodeLoader<TSource, TKey>(Func<IResolveFieldContext, BatchFetch<TKey, TSource>> fetchFor) : INodeLoader
        where TKey : notnull
    {
        public IDataLoaderResult<object?> Load(IResolveFieldContext context, string typeName, string rawKey) =>
            GlobalId.TryParseKey<TKey>(rawKey, out var key)
                ? context.DataLoaders().GetOrAddBatchLoader($"node:{typeName}", fetchFor(context)).LoadAsync(key).Then(value => (object?)value)
                : DataLoaderResults.FromValue<object?>(null);
    }
}
