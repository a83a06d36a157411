using GraphQLParser;
using GraphQLParser.AST;
using TimeBank.GraphQL.Execution;

namespace TimeBank.GraphQL.Limits;

/// <summary>
/// Bounds the work of the specification's "field selections merge" rule before it runs. That rule takes
/// every selection set, gathers its fields by response name (through inline fragments and fragment
/// spreads) and compares the fields of each name in pairs, with their sub-selections: n fields of one
/// name cost n²/2 comparisons, and every pair that differs becomes an error whose location is found by
/// reading the document. This walks the same pairs and counts them, stopping at the bound.
/// <para>
/// A pair of identical leaf fields (same field, same arguments as written, no sub-selection) of one
/// type cannot conflict: it counts a thousandth of a comparison, so repeating <c>id</c> in a few
/// fragments costs nothing while twenty thousand <c>__typename</c> still do. Fields are of one type
/// when both stand directly in the selection set (or in inline fragments without a type condition), or
/// both come from fragments with the same type condition; any other pair counts in full.
/// </para>
/// </summary>
internal sealed class FieldMergeComparisons
{
    private const int IdenticalPairsPerComparison = 1_000;

    private readonly Dictionary<ROM, GraphQLFragmentDefinition> _fragments = [];
    private readonly Dictionary<GraphQLSelectionSet, Dictionary<ROM, List<Selected>>> _byResponseName = new(ReferenceEqualityComparer.Instance);
    private readonly ROM _source;
    private readonly long _budget;
    private long _comparisons;
    private long _identicalPairs;

    private FieldMergeComparisons(GraphQLDocument document, int budget)
    {
        _source = document.Source;
        _budget = budget;
        foreach (var fragment in document.Definitions.OfType<GraphQLFragmentDefinition>())
        {
            _fragments.TryAdd(fragment.FragmentName.Name.Value, fragment);
        }
    }

    /// <summary>A field gathered into a selection set, with the type condition it came in under (null: the set's own type).</summary>
    private readonly record struct Selected(GraphQLField Field, ROM? TypeCondition);

    public static void Check(GraphQLDocument document, int budget)
    {
        var counter = new FieldMergeComparisons(document, budget);
        foreach (var definition in document.Definitions.OfType<GraphQLExecutableDefinition>())
        {
            counter.CountAll(definition.SelectionSet);
        }
    }

    /// <summary>The rule visits every selection set of the document, nested ones and fragments' included.</summary>
    private void CountAll(GraphQLSelectionSet selectionSet)
    {
        foreach (var fields in ByResponseName(selectionSet).Values)
        {
            for (var i = 0; i < fields.Count; i++)
            {
                for (var j = i + 1; j < fields.Count; j++)
                {
                    Compare(fields[i], fields[j], parentsAlike: true);
                }
            }
        }
        foreach (var selection in selectionSet.Selections)
        {
            if ((selection as IHasSelectionSetNode)?.SelectionSet is { } inner)
            {
                CountAll(inner);
            }
        }
    }

    private void Compare(Selected first, Selected second, bool parentsAlike)
    {
        if (ReferenceEquals(first.Field, second.Field))
        {
            return;
        }
        var sameType = first.TypeCondition is null && second.TypeCondition is null
            ? parentsAlike
            : first.TypeCondition is { } a && second.TypeCondition is { } b && a == b;
        var alike = sameType && first.Field.Name.Value == second.Field.Name.Value && SameArguments(first.Field, second.Field);
        var (inner1, inner2) = (first.Field.SelectionSet, second.Field.SelectionSet);
        if (alike && inner1 is null && inner2 is null)
        {
            _identicalPairs++;
        }
        else
        {
            _comparisons++;
        }
        if (_comparisons + (_identicalPairs / IdenticalPairsPerComparison) > _budget)
        {
            throw new DocumentLimitError(GraphQLErrorCodes.TooManyRepeatedFields,
                $"The document repeats response names too often: checking that fields of one name merge would take more than {_budget} comparisons. Select each field once per selection set.");
        }
        if (inner1 is null || inner2 is null)
        {
            return;
        }

        // Two alike fields return the same type, so their sub-selections' own fields are of one type too.
        var fields2 = ByResponseName(inner2);
        foreach (var (responseName, fields1) in ByResponseName(inner1))
        {
            if (fields2.TryGetValue(responseName, out var others))
            {
                foreach (var field1 in fields1)
                {
                    foreach (var field2 in others)
                    {
                        Compare(field1, field2, alike);
                    }
                }
            }
        }
    }

    /// <summary>The fields a selection set gathers, by response name: its own, its inline fragments', and its spread fragments' (each once).</summary>
    private Dictionary<ROM, List<Selected>> ByResponseName(GraphQLSelectionSet selectionSet)
    {
        if (!_byResponseName.TryGetValue(selectionSet, out var gathered))
        {
            gathered = [];
            Gather(selectionSet, null, gathered, []);
            _byResponseName[selectionSet] = gathered;
        }
        return gathered;
    }

    private void Gather(GraphQLSelectionSet selectionSet, ROM? typeCondition, Dictionary<ROM, List<Selected>> gathered, HashSet<ROM> spread)
    {
        foreach (var selection in selectionSet.Selections)
        {
            switch (selection)
            {
                case GraphQLField field:
                    var responseName = field.Alias?.Name.Value ?? field.Name.Value;
                    if (!gathered.TryGetValue(responseName, out var fields))
                    {
                        gathered[responseName] = fields = [];
                    }
                    fields.Add(new Selected(field, typeCondition));
                    break;
                case GraphQLInlineFragment inline:
                    Gather(inline.SelectionSet, inline.TypeCondition?.Type.Name.Value ?? typeCondition, gathered, spread);
                    break;
                case GraphQLFragmentSpread fragmentSpread when spread.Add(fragmentSpread.FragmentName.Name.Value)
                    && _fragments.TryGetValue(fragmentSpread.FragmentName.Name.Value, out var fragment):
                    Gather(fragment.SelectionSet, fragment.TypeCondition.Type.Name.Value, gathered, spread);
                    break;
            }
        }
    }

    /// <summary>Same arguments as written; a difference in spacing alone counts as a difference, which only costs a comparison.</summary>
    private bool SameArguments(GraphQLField first, GraphQLField second)
    {
        var (arguments1, arguments2) = (first.Arguments?.Items, second.Arguments?.Items);
        if ((arguments1?.Count ?? 0) != (arguments2?.Count ?? 0))
        {
            return false;
        }
        foreach (var argument1 in arguments1 ?? [])
        {
            var argument2 = arguments2!.Find(a => a.Name.Value == argument1.Name.Value);
            if (argument2 is null || Text(argument1.Value) != Text(argument2.Value))
            {
                return false;
            }
        }
        return true;
    }

    private ROM Text(ASTNode node) => _source.Slice(node.Location.Start, node.Location.End - node.Location.Start);
}
