using System.Text;
using GraphQLParser;
using GraphQLParser.AST;
using TimeBank.GraphQL.Execution;

namespace TimeBank.GraphQL.Limits;

/// <summary>
/// Bounds the work of the specification's "field selections merge" rule before it runs. That rule takes
/// every selection set, gathers its fields by response name (through inline fragments and fragment
/// spreads) and compares the fields of each name in pairs, with their sub-selections, and every pair of
/// fragments spread together: n fields of one name cost n²/2 comparisons, and every pair that differs
/// becomes an error whose location is found by reading the document. This counts the same pairs,
/// stopping at the bound; it never loops over more pairs than the bound allows.
/// <para>
/// Identical leaf fields (same field, same arguments as written, no sub-selection) of one type cannot
/// conflict: each such pair counts 1/500 of a comparison, so repeating <c>id</c> in a few
/// fragments costs nothing while hundreds of <c>__typename</c> still do. Fields are of one type when
/// both stand directly in the selection set (or in inline fragments without a type condition), or both
/// come from fragments with the same type condition; any other pair counts in full. A pair of fragments
/// counts a quarter.
/// </para>
/// </summary>
internal sealed class FieldMergeComparisons
{
    private const int IdenticalPairsPerComparison = 500;
    private const int FragmentPairsPerComparison = 4;

    private readonly Dictionary<ROM, GraphQLFragmentDefinition> _fragments = [];
    private readonly Dictionary<GraphQLSelectionSet, Gathered> _gathered = new(ReferenceEqualityComparer.Instance);
    private readonly ROM _source;
    private readonly long _budget;
    private long _comparisons;
    private long _identicalPairs;
    private long _fragmentPairs;

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
    private sealed record Selected(GraphQLField Field, ROM? TypeCondition, string? LeafSignature);

    /// <summary>What a selection set gathers: its fields by response name, and how many fragments it spreads.</summary>
    private sealed record Gathered(Dictionary<ROM, List<Selected>> Fields, int Fragments);

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
        var gathered = Gather(selectionSet);
        _fragmentPairs += (long)gathered.Fragments * (gathered.Fragments - 1) / 2;
        foreach (var fields in gathered.Fields.Values)
        {
            ComparePairs(fields, null, parentsAlike: true);
        }
        foreach (var selection in selectionSet.Selections)
        {
            if ((selection as IHasSelectionSetNode)?.SelectionSet is { } inner)
            {
                CountAll(inner);
            }
        }
    }

    /// <summary>
    /// Counts the pairs among <paramref name="left"/> (or between it and <paramref name="right"/>) of one
    /// response name. Identical leaves are counted by multiplying group sizes, not one by one.
    /// </summary>
    private void ComparePairs(List<Selected> left, List<Selected>? right, bool parentsAlike)
    {
        if (right is null ? left.Count < 2 : left.Count == 0 || right.Count == 0)
        {
            return;
        }
        var leftGroups = Group(left, parentsAlike);
        var rightGroups = right is null ? leftGroups : Group(right, parentsAlike);
        foreach (var (signature, members) in leftGroups.Identical)
        {
            _identicalPairs += right is null
                ? (long)members.Count * (members.Count - 1) / 2
                : (long)members.Count * (rightGroups.Identical.GetValueOrDefault(signature)?.Count ?? 0);
        }
        CheckBudget();

        // Every other pair is compared one by one; each counts, so this stops within the budget.
        var leftAll = leftGroups.All;
        var rightAll = rightGroups.All;
        for (var i = 0; i < leftAll.Count; i++)
        {
            for (var j = right is null ? i + 1 : 0; j < rightAll.Count; j++)
            {
                var (first, second) = (leftAll[i], rightAll[j]);
                if (first.LeafSignature is { } signature && signature == second.LeafSignature && (first.TypeCondition is not null || parentsAlike))
                {
                    continue;
                }
                Compare(first, second, parentsAlike);
            }
        }
    }

    private static (Dictionary<string, List<Selected>> Identical, List<Selected> All) Group(List<Selected> fields, bool parentsAlike)
    {
        var identical = new Dictionary<string, List<Selected>>(StringComparer.Ordinal);
        foreach (var field in fields)
        {
            // A leaf whose type is only "the set's own" is of a known type only when the two sets are alike.
            if (field.LeafSignature is { } signature && (field.TypeCondition is not null || parentsAlike))
            {
                if (!identical.TryGetValue(signature, out var members))
                {
                    identical[signature] = members = [];
                }
                members.Add(field);
            }
        }
        return (identical, fields);
    }

    private void Compare(Selected first, Selected second, bool parentsAlike)
    {
        if (ReferenceEquals(first.Field, second.Field))
        {
            return;
        }
        _comparisons++;
        CheckBudget();
        if (first.Field.SelectionSet is not { } inner1 || second.Field.SelectionSet is not { } inner2)
        {
            return;
        }

        // Two alike fields (one type, one field, one set of arguments) return one type, so their sub-selections' own fields are of one type too.
        var sameType = first.TypeCondition is null && second.TypeCondition is null
            ? parentsAlike
            : first.TypeCondition is { } a && second.TypeCondition is { } b && a == b;
        var alike = sameType && first.Field.Name.Value == second.Field.Name.Value && Arguments(first.Field) == Arguments(second.Field);
        var (gathered1, gathered2) = (Gather(inner1), Gather(inner2));
        _fragmentPairs += (long)gathered1.Fragments * gathered2.Fragments;
        foreach (var (responseName, fields1) in gathered1.Fields)
        {
            if (gathered2.Fields.TryGetValue(responseName, out var fields2))
            {
                ComparePairs(fields1, fields2, alike);
            }
        }
    }

    private void CheckBudget()
    {
        if (_comparisons + (_identicalPairs / IdenticalPairsPerComparison) + (_fragmentPairs / FragmentPairsPerComparison) > _budget)
        {
            throw new DocumentLimitError(GraphQLErrorCodes.TooManyRepeatedFields,
                $"The document repeats response names or fragments too often: checking that its fields merge would take more than {_budget} comparisons. Select each field once per selection set.");
        }
    }

    /// <summary>The fields a selection set gathers by response name (its own, its inline fragments', its spread fragments', each fragment once).</summary>
    private Gathered Gather(GraphQLSelectionSet selectionSet)
    {
        if (!_gathered.TryGetValue(selectionSet, out var gathered))
        {
            var fields = new Dictionary<ROM, List<Selected>>();
            var spread = new HashSet<ROM>();
            Gather(selectionSet, null, fields, spread);
            _gathered[selectionSet] = gathered = new Gathered(fields, spread.Count);
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
                    var leafSignature = field.SelectionSet is null ? $"{typeCondition}|{field.Name.Value}|{Arguments(field)}" : null;
                    fields.Add(new Selected(field, typeCondition, leafSignature));
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

    /// <summary>The arguments as written, in name order; a difference in spacing alone counts as a difference, which only costs a comparison.</summary>
    private string Arguments(GraphQLField field)
    {
        if (field.Arguments is not { Items.Count: > 0 } arguments)
        {
            return "";
        }
        var text = new StringBuilder();
        foreach (var argument in arguments.Items.OrderBy(a => a.Name.StringValue, StringComparer.Ordinal))
        {
            text.Append(argument.Name.Value.Span).Append(':').Append(_source.Span[argument.Value.Location.Start..argument.Value.Location.End]).Append(',');
        }
        return text.ToString();
    }
}
