using System.Globalization;
using GraphQLParser;
using GraphQLParser.AST;
using TimeBank.GraphQL.Execution;

namespace TimeBank.GraphQL.Limits;

/// <summary>
/// Counts what a parsed document holds and checks each count against its bound: operations, fragments,
/// variables, directives and aliases as written; fields and depth as validation and execution will see
/// them, with every fragment expanded where it is spread. Each fragment is measured once and its result
/// reused, so the check costs one pass over the text however much the fragments multiply; it stops at
/// the first bound broken. Fragment cycles and unknown fragments count as empty: validation reports them.
/// </summary>
internal sealed class DocumentShape
{
    private readonly GraphQLServerOptions _limits;
    private readonly Dictionary<ROM, GraphQLFragmentDefinition> _fragments = [];
    private readonly Dictionary<ROM, (long Fields, int Depth)> _measured = [];
    private readonly HashSet<ROM> _measuring = [];
    private int _directives;
    private int _aliases;
    private long _fields;

    private DocumentShape(GraphQLServerOptions limits) => _limits = limits;

    public static void Check(GraphQLDocument document, GraphQLServerOptions limits) => new DocumentShape(limits).Measure(document);

    private void Measure(GraphQLDocument document)
    {
        var operations = 0;
        var fragments = 0;
        var variables = 0;
        foreach (var definition in document.Definitions)
        {
            if (definition is GraphQLOperationDefinition operation)
            {
                operations++;
                variables += operation.Variables?.Items.Count ?? 0;
                foreach (var variable in operation.Variables?.Items ?? [])
                {
                    CountDirectives(variable.Directives);
                }
            }
            else if (definition is GraphQLFragmentDefinition fragment)
            {
                fragments++;
                _fragments.TryAdd(fragment.FragmentName.Name.Value, fragment);
            }
            if (definition is GraphQLExecutableDefinition executable)
            {
                CountDirectives(executable.Directives);
                CountWritten(executable.SelectionSet);
            }
        }
        Refuse(operations, _limits.MaxOperations, GraphQLErrorCodes.TooManyOperationsInDocument, "The document defines more than {0} operations.");
        Refuse(fragments, _limits.MaxFragments, GraphQLErrorCodes.TooManyFragments, "The document defines more than {0} fragments.");
        Refuse(variables, _limits.MaxVariables, GraphQLErrorCodes.TooManyVariables, "The document defines more than {0} variables.");
        Refuse(_directives, _limits.MaxDirectives, GraphQLErrorCodes.TooManyDirectives, "The document has more than {0} directives.");
        Refuse(_aliases, _limits.MaxAliases, GraphQLErrorCodes.TooManyAliases, "The document has more than {0} aliases.");

        // Every operation as executed, and every fragment definition once more on its own, as validation visits it.
        foreach (var definition in document.Definitions)
        {
            var fields = definition switch
            {
                GraphQLOperationDefinition operation => Expand(operation.SelectionSet, 0).Fields,
                GraphQLFragmentDefinition fragment when _fragments[fragment.FragmentName.Name.Value] == fragment => ExpandFragment(fragment.FragmentName.Name.Value, 0).Fields,
                // A second fragment of the same name: never spread, still validated.
                GraphQLFragmentDefinition duplicate => Expand(duplicate.SelectionSet, 0).Fields,
                _ => 0,
            };
            AddFields(fields);
        }
    }

    private void CountWritten(GraphQLSelectionSet selectionSet)
    {
        foreach (var selection in selectionSet.Selections)
        {
            CountDirectives((selection as IHasDirectivesNode)?.Directives);
            if (selection is GraphQLField { Alias: not null })
            {
                _aliases++;
            }
            if ((selection as IHasSelectionSetNode)?.SelectionSet is { } inner)
            {
                CountWritten(inner);
            }
        }
    }

    private void CountDirectives(GraphQLDirectives? directives) => _directives += directives?.Items.Count ?? 0;

    /// <summary>The fields of a selection set with its fragments expanded, and how deep they nest below <paramref name="depth"/>.</summary>
    private (long Fields, int Depth) Expand(GraphQLSelectionSet selectionSet, int depth)
    {
        long fields = 0;
        var deepest = 0;
        foreach (var selection in selectionSet.Selections)
        {
            var (selected, nested) = selection switch
            {
                GraphQLField field => field.SelectionSet is { } inner ? Below(Expand(inner, depth + 1)) : (1, 1),
                GraphQLInlineFragment inline => Expand(inline.SelectionSet, depth),
                GraphQLFragmentSpread spread => ExpandFragment(spread.FragmentName.Name.Value, depth),
                _ => (0, 0),
            };
            fields = Saturate(fields + selected);
            deepest = Math.Max(deepest, nested);
            RefuseDepth(depth + deepest);
            RefuseFields(fields);
        }
        return (fields, deepest);
    }

    private (long Fields, int Depth) ExpandFragment(ROM name, int depth)
    {
        if (!_measured.TryGetValue(name, out var measured))
        {
            if (!_fragments.TryGetValue(name, out var fragment) || !_measuring.Add(name))
            {
                return (0, 0);
            }
            measured = Expand(fragment.SelectionSet, depth);
            _measuring.Remove(name);
            _measured[name] = measured;
        }
        RefuseDepth(depth + measured.Depth);
        return measured;
    }

    private static (long Fields, int Depth) Below((long Fields, int Depth) inner) => (Saturate(inner.Fields + 1), inner.Depth + 1);

    private void AddFields(long fields)
    {
        _fields = Saturate(_fields + fields);
        RefuseFields(_fields);
    }

    private void RefuseDepth(int depth) => Refuse(depth, _limits.MaxDepth, GraphQLErrorCodes.QueryTooDeep, "Selections nest more than {0} fields deep.");

    private void RefuseFields(long fields) => Refuse(fields, _limits.MaxFields, GraphQLErrorCodes.TooManyFields,
        "The document selects more than {0} fields, counting a fragment's fields at every place it is spread.");

    // Fragments that spread others twice double with every level; the counts must not wrap around.
    private static long Saturate(long value) => Math.Min(value, int.MaxValue);

    private static void Refuse(long count, int max, string code, string message)
    {
        if (count > max)
        {
            throw new DocumentLimitError(code, string.Format(CultureInfo.InvariantCulture, message, max));
        }
    }
}
