using GraphQL.Introspection;
using GraphQL.Types;
using GraphQL.Validation;
using GraphQLParser.AST;

namespace TimeBank.GraphQL.Introspection;

/// <summary>
/// How many fields an operation's introspection (<c>__schema</c>, <c>__type</c>) will resolve, counted on the
/// schema as execution will walk it: each list is as long as the schema makes it (its types, a type's fields,
/// a field's arguments, ...), so a tool's full introspection query costs what the schema holds, and a document
/// that walks the schema again at every level costs every repetition. Counting stops once over the bound, so
/// it takes at most that many steps, whatever the document asks. Deprecated elements and fields under a
/// variable <c>@skip</c> count as if included: the count is an upper bound.
/// </summary>
internal sealed class IntrospectionSize
{
    private const string Schema = "__Schema";
    private const string Type = "__Type";
    private const string Field = "__Field";
    private const string InputValue = "__InputValue";
    private const string Directive = "__Directive";
    private const string EnumValue = "__EnumValue";

    private readonly ValidationContext _context;
    private readonly long _max;
    private readonly HashSet<GraphQLFragmentDefinition> _spreading = [];
    private Dictionary<string, GraphQLFragmentDefinition>? _fragments;
    private long _count;

    private IntrospectionSize(ValidationContext context, long max) => (_context, _max) = (context, max);

    /// <summary>The number of fields, or the first count over <paramref name="max"/>.</summary>
    public static long Count(ValidationContext context, long max)
    {
        var size = new IntrospectionSize(context, max);
        size.FindIntrospection(context.Operation.SelectionSet);
        return size._count;
    }

    private bool Over => _count > _max;

    // Anywhere in the operation: a field may return the query type again, and __schema with it.
    private void FindIntrospection(GraphQLSelectionSet selectionSet)
    {
        foreach (var field in Fields(selectionSet, typeName: null))
        {
            if (Over)
            {
                return;
            }
            var name = field.Name.Value;
            if (name == "__schema" && field.SelectionSet is { } schemaSelection)
            {
                Count(schemaSelection, _context.Schema, Schema);
            }
            else if (name == "__type" && field.SelectionSet is { } typeSelection)
            {
                var typeName = ArgumentValue(field, "name") as string;
                if (typeName is not null && _context.Schema.AllTypes[typeName] is { } type)
                {
                    Count(typeSelection, type, Type);
                }
            }
            else if (field.SelectionSet is { } inner)
            {
                FindIntrospection(inner);
            }
        }
    }

    private void Count(GraphQLSelectionSet selectionSet, object source, string kind)
    {
        foreach (var field in Fields(selectionSet, kind))
        {
            _count++;
            if (Over)
            {
                return;
            }
            if (field.SelectionSet is not { } inner)
            {
                continue;
            }
            foreach (var (child, childKind) in Children(source, kind, field.Name.StringValue))
            {
                Count(inner, child, childKind);
                if (Over)
                {
                    return;
                }
            }
        }
    }

    /// <summary>The fields of a selection set on an introspection type, fragments expanded where their type condition holds.</summary>
    private IEnumerable<GraphQLField> Fields(GraphQLSelectionSet selectionSet, string? typeName)
    {
        foreach (var selection in selectionSet.Selections)
        {
            if (!_context.ShouldIncludeNode(selection))
            {
                continue;
            }
            switch (selection)
            {
                case GraphQLField field:
                    yield return field;
                    break;
                case GraphQLInlineFragment inline when Applies(inline.TypeCondition, typeName):
                    foreach (var field in Fields(inline.SelectionSet, typeName))
                    {
                        yield return field;
                    }
                    break;
                case GraphQLFragmentSpread spread
                    when Fragment(spread.FragmentName.Name.StringValue) is { } fragment
                        && Applies(fragment.TypeCondition, typeName) && _spreading.Add(fragment):
                    foreach (var field in Fields(fragment.SelectionSet, typeName))
                    {
                        yield return field;
                    }
                    _spreading.Remove(fragment);
                    break;
            }
        }
    }

    private object? ArgumentValue(GraphQLField field, string name) =>
        _context.ArgumentValues is { } values && values.TryGetValue(field, out var arguments) && arguments.TryGetValue(name, out var value)
            ? value.Value
            : null;

    private GraphQLFragmentDefinition? Fragment(string name)
    {
        _fragments ??= _context.Document.Definitions.OfType<GraphQLFragmentDefinition>()
            .GroupBy(f => f.FragmentName.Name.StringValue)
            .ToDictionary(g => g.Key, g => g.First());
        return _fragments.GetValueOrDefault(name);
    }

    // Introspection types have no interfaces or unions: a condition holds on its own type only.
    private static bool Applies(GraphQLTypeCondition? condition, string? typeName) =>
        condition is null || typeName is null || condition.Type.Name.StringValue == typeName;

    /// <summary>What a field of an introspection object returns, item by item, with the introspection type of each.</summary>
    private IEnumerable<(object Source, string Kind)> Children(object source, string kind, string field) => (kind, field, source) switch
    {
        (Schema, "types", _) => Types(_context.Schema.AllTypes),
        (Schema, "queryType", _) => Types([_context.Schema.Query]),
        (Schema, "mutationType", _) => Types([_context.Schema.Mutation]),
        (Schema, "subscriptionType", _) => Types([_context.Schema.Subscription]),
        (Schema, "directives", _) => _context.Schema.Directives.Where(d => Allowed(Filter.AllowDirective(d))).Select(d => ((object)d, Directive)),
        (Type, "fields", IObjectGraphType or IInterfaceGraphType) => Fields((IComplexGraphType)source, Field),
        (Type, "interfaces", IImplementInterfaces implementing) => Types(implementing.ResolvedInterfaces),
        (Type, "possibleTypes", IAbstractGraphType @abstract) => Types(@abstract.PossibleTypes),
        (Type, "enumValues", EnumerationGraphType enumeration) =>
            enumeration.Values.Where(v => Allowed(Filter.AllowEnumValue(enumeration, v))).Select(v => ((object)v, EnumValue)),
        (Type, "inputFields", IInputObjectGraphType input) => Fields(input, InputValue),
        (Type, "ofType", IProvideResolvedType wrapper) => Types([wrapper.ResolvedType]),
        (Type, _, _) when field is "fields" or "interfaces" or "possibleTypes" or "enumValues" or "inputFields" or "ofType" => [],
        (Field, "args", FieldType fieldType) => Arguments(fieldType, fieldType.Arguments),
        (Field, "type", FieldType fieldType) => Types([fieldType.ResolvedType]),
        (InputValue, "type", QueryArgument argument) => Types([argument.ResolvedType]),
        (InputValue, "type", FieldType inputField) => Types([inputField.ResolvedType]),
        (Directive, "args", global::GraphQL.Types.Directive directive) => Arguments(null, directive.Arguments),
        // Anything else GraphQL.NET may add (applied directives, ...): counted once, as written.
        _ => [(source, "?")],
    };

    private ISchemaFilter Filter => _context.Schema.Filter;

    // The schema's filter hides what introspection does not list; a filter that answers later is taken to allow.
    private static bool Allowed(Task<bool> allowed) => !allowed.IsCompletedSuccessfully || allowed.Result;

    private IEnumerable<(object Source, string Kind)> Types(IEnumerable<IGraphType?> types) =>
        types.OfType<IGraphType>().Where(t => t is NonNullGraphType or ListGraphType || Allowed(Filter.AllowType(t))).Select(t => ((object)t, Type));

    private IEnumerable<(object Source, string Kind)> Fields(IComplexGraphType parent, string kind) =>
        parent.Fields.Where(f => Allowed(Filter.AllowField(parent, f))).Select(f => ((object)f, kind));

    private IEnumerable<(object Source, string Kind)> Arguments(FieldType? field, QueryArguments? arguments) =>
        ((IEnumerable<QueryArgument>?)arguments ?? []).Where(a => field is null || Allowed(Filter.AllowArgument(field, a))).Select(a => ((object)a, InputValue));
}
