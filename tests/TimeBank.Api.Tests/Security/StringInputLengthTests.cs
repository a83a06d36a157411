using System.Text.Json.Nodes;
using GraphQL.Types;
using Microsoft.Extensions.DependencyInjection;
using TimeBank.Api.Tests.Features.Authorization;
using TimeBank.Api.Tests.Infrastructure;
using TimeBank.GraphQL.Relay;

namespace TimeBank.Api.Tests.Security;

/// <summary>
/// Every string a client can send has a length rule. The cases are generated from the live schema (the API's own
/// <c>ISchema</c>): each
/// <c>String</c> field of every mutation input (nested inputs and lists included) and each <c>String</c>
/// argument of every field (root or not, filters included) gets a 100,000-character value, and the answer
/// must be INVALID_INPUT at that input's path (in the payload for mutations, at top level for queries), or
/// INVALID_CURSOR for a cursor; never an internal error, never a success. A new string input without a
/// rule fails here. Required fields around the long one are filled with plain values; an ID field's type
/// is read from its name (<c>offerListingId</c> is a Listing ID).
/// </summary>
public sealed class StringInputLengthTests(WrongPersonFixture bank) : IClassFixture<WrongPersonFixture>
{
    private static readonly string Long = new('x', 100_000);

    /// <summary>A challenge of riverside: its fields are reached only through <c>challenge(id:)</c>, whose bare <c>id</c> names it.</summary>
    private string _challengeId = "";

    [Fact]
    public async Task EveryStringInputRefusesAHundredThousandCharacters()
    {
        var schema = ReadSchema();
        _challengeId = await ChallengeAsync();
        var cases = Cases(schema).ToList();
        Assert.True(cases.Count > 60, $"only {cases.Count} string inputs found; is the introspection read right?");

        var failures = new List<string>();
        foreach (var (name, document, variables, expected) in cases)
        {
            var response = await bank.App.GraphQLAsync(document, variables, bank.Riverside.People["maria"].Token);
            if (Judge(response, expected) is { } failure)
            {
                failures.Add($"{name}: {failure}\n  {Shorten(response.ToJsonString())}");
            }
        }

        Assert.True(failures.Count == 0, $"{failures.Count} of {cases.Count} string inputs lack a length rule:\n" + string.Join('\n', failures));
    }

    /// <summary>What must come back: INVALID_INPUT in the payload at a path, or a top-level code naming an argument.</summary>
    private sealed record Expected(string? PayloadField, string[]? PayloadPath, string[] TopLevelCodes, string Name);

    private static string? Judge(JsonObject response, Expected expected)
    {
        var topLevel = response["errors"]?.AsArray() ?? [];
        if (topLevel.Any(e => (string?)e!["extensions"]?["code"] == "INTERNAL_SERVER_ERROR"))
        {
            return "internal error";
        }
        if (expected.PayloadField is { } field && response["data"]?[field]?["errors"]?.AsArray() is { } userErrors)
        {
            var atPath = userErrors.Any(e => (string?)e!["code"] == "INVALID_INPUT"
                && e["path"]!.AsArray().Select(p => (string?)p).Take(expected.PayloadPath!.Length).SequenceEqual(expected.PayloadPath));
            return atPath ? null : $"no INVALID_INPUT at {string.Join('.', expected.PayloadPath!)}";
        }
        var coded = topLevel.Any(e => expected.TopLevelCodes.Contains((string?)e!["extensions"]?["code"])
            && ((string?)e["message"] ?? "").Contains(expected.Name, StringComparison.OrdinalIgnoreCase));
        return coded ? null : $"no top-level {string.Join(" or ", expected.TopLevelCodes)} naming '{expected.Name}'";
    }

    private IEnumerable<(string Name, string Document, object? Variables, Expected Expected)> Cases(Schema schema)
    {
        foreach (var (rootName, operation) in new[] { (schema.Query, "query"), (schema.Mutation, "mutation") })
        {
            foreach (var field in schema.Types[rootName].Fields)
            {
                foreach (var arg in field.Args)
                {
                    if (arg.Type.Named == "String")
                    {
                        yield return ArgumentCase(schema, operation, [], field, arg);
                    }
                    else if (schema.Types.TryGetValue(arg.Type.Named, out var input) && input.Kind == "INPUT_OBJECT")
                    {
                        foreach (var path in StringPaths(schema, input, []))
                        {
                            yield return InputFieldCase(schema, operation, rootName == schema.Mutation, field, arg, path);
                        }
                    }
                }
            }
        }
        // String arguments of fields below the root, reached through fields that need no arguments (me { ... }).
        foreach (var type in schema.Types.Values.Where(t => t.Kind == "OBJECT" && t.Name != schema.Query && t.Name != schema.Mutation && !t.Name.StartsWith("__", StringComparison.Ordinal)))
        {
            foreach (var field in type.Fields.Where(f => f.Args.Any(a => a.Type.Named == "String")))
            {
                Assert.True(type.Name != schema.Subscription, $"{type.Name}.{field.Name} takes a string: add a WebSocket case here");
                var route = Route(schema, type.Name) ?? Route(schema, type.Name, IdFor)
                    ?? throw new InvalidOperationException($"no way from Query to {type.Name} without arguments or with ID arguments only: extend Route");
                foreach (var arg in field.Args.Where(a => a.Type.Named == "String"))
                {
                    yield return ArgumentCase(schema, "query", route, field, arg, type.Name);
                }
            }
        }
    }

    private (string, string, object?, Expected) ArgumentCase(Schema schema, string operation, List<string> route, Field field, Argument arg, string? owner = null)
    {
        var args = string.Join(", ", field.Args.Where(a => a == arg || a.Type.Required).Select(a =>
            a == arg ? $"{a.Name}: $long" : $"{a.Name}: {Literal(schema, a.Name, a.Type)}"));
        var inner = $"{field.Name}({args}){Selection(schema, field.Type.Named)}";
        var document = $"{operation}($long: {arg.Type.Text}) {{ {Wrap(route, inner)} }}";
        var isCursor = arg.Name is "after" or "before";
        var expected = new Expected(null, null, isCursor ? ["INVALID_CURSOR", "INVALID_INPUT"] : ["INVALID_INPUT"], isCursor ? "cursor" : arg.Name);
        return ($"{owner ?? operation}.{field.Name}({arg.Name})", document, new { @long = arg.Type.IsList ? new[] { Long } : (object)Long }, expected);
    }

    private (string, string, object?, Expected) InputFieldCase(Schema schema, string operation, bool isMutation, Field field, Argument arg, List<InputField> path)
    {
        var value = Fill(schema, schema.Types[arg.Type.Named], path, 0);
        var others = string.Join(", ", field.Args.Where(a => a != arg && a.Type.Required).Select(a => $"{a.Name}: {Literal(schema, a.Name, a.Type)}"));
        var inner = $"{field.Name}({arg.Name}: $value{(others.Length > 0 ? ", " + others : "")}){Selection(schema, field.Type.Named, isMutation)}";
        var document = $"{operation}($value: {arg.Type.Text}) {{ {inner} }}";
        var names = path.Select(p => p.Name).ToArray();
        var expected = isMutation
            ? new Expected(field.Name, [arg.Name, .. names], [], names[^1])
            : new Expected(null, null, ["INVALID_INPUT"], names[^1]);
        return ($"{operation}.{field.Name}({arg.Name}.{string.Join('.', names)})", document, new { value }, expected);
    }

    /// <summary>The input value with the long string at <paramref name="path"/> and plain values in every other required field.</summary>
    private Dictionary<string, object?> Fill(Schema schema, TypeInfo input, List<InputField> path, int depth)
    {
        var value = new Dictionary<string, object?>();
        foreach (var field in input.InputFields)
        {
            var onPath = depth < path.Count && path[depth].Name == field.Name;
            if (onPath && depth == path.Count - 1)
            {
                value[field.Name] = field.Type.IsList ? new[] { Long } : Long;
            }
            else if (onPath)
            {
                value[field.Name] = Fill(schema, schema.Types[field.Type.Named], path, depth + 1);
            }
            else if (field.Type.Required)
            {
                value[field.Name] = Plain(schema, field.Name, field.Type);
            }
        }
        return value;
    }

    private object? Plain(Schema schema, string name, TypeRef type)
    {
        object? one = type.Named switch
        {
            "String" => "x",
            "Int" or "Long" => 1,
            "Float" => 1.0,
            "Boolean" => false,
            "ID" => IdFor(name),
            "DateTime" => "2026-12-01T00:00:00Z",
            _ when schema.Types[type.Named].Kind == "ENUM" => schema.Types[type.Named].EnumValues[0],
            _ => Fill(schema, schema.Types[type.Named], [], 0),
        };
        return type.IsList ? new[] { one } : one;
    }

    private string Literal(Schema schema, string name, TypeRef type) => System.Text.Json.JsonSerializer.Serialize(Plain(schema, name, type)) is var json
        && schema.Types.TryGetValue(type.Named, out var t) && t.Kind == "ENUM" ? json.Trim('"') : json;

    /// <summary>An ID of the type its name says (communityId, offerListingId, onBehalfOfMemberId), in the fixture's community where it matters.</summary>
    private string IdFor(string name)
    {
        var stem = name.EndsWith("Ids", StringComparison.Ordinal) ? name[..^3] : name.EndsWith("Id", StringComparison.Ordinal) ? name[..^2] : name;
        var lastWord = stem[Math.Max(0, stem.LastIndexOfAny([.. "ABCDEFGHIJKLMNOPQRSTUVWXYZ"]))..];
        var typeName = char.ToUpperInvariant(lastWord[0]) + lastWord[1..];
        return typeName switch
        {
            "Community" => bank.Riverside.Id,
            // reverseEntry's entryId names a LedgerEntry.
            "Entry" => GlobalId.Encode("LedgerEntry", 1L),
            // periodBalances' periodCloseId names a PeriodClose.
            "Close" => GlobalId.Encode("PeriodClose", 1L),
            // A bare id: the only type reached that way is Challenge (challenge(id:)).
            "Id" => _challengeId,
            _ => GlobalId.Encode(typeName, 1L),
        };
    }

    private async Task<string> ChallengeAsync()
    {
        var proposed = TestCommunity.Ok(await bank.App.GraphQLAsync(MutationDocument.For("proposeChallenge", "challenge { id } errors { code message }"),
            new { input = new { communityId = bank.Riverside.Id, title = "long strings", needs = new[] { new { categoryId = bank.CategoryId, minutes = 60 } } } },
            bank.Riverside.People["maria"].Token), "proposeChallenge");
        return (string)proposed["challenge"]!["id"]!;
    }

    /// <summary>Every string field reachable inside an input type, as the list of fields leading to it.</summary>
    private static IEnumerable<List<InputField>> StringPaths(Schema schema, TypeInfo input, List<InputField> prefix)
    {
        foreach (var field in input.InputFields)
        {
            if (field.Type.Named == "String")
            {
                yield return [.. prefix, field];
            }
            else if (schema.Types.TryGetValue(field.Type.Named, out var nested) && nested.Kind == "INPUT_OBJECT" && prefix.All(p => p.Type.Named != nested.Name))
            {
                foreach (var path in StringPaths(schema, nested, [.. prefix, field]))
                {
                    yield return path;
                }
            }
        }
    }

    /// <summary>
    /// Fields from Query to <paramref name="target"/> that need no arguments, shortest first; with <paramref name="idFor"/>,
    /// fields whose required arguments are all IDs may be taken too (<c>periodCloses(communityId: ...)</c>), given its IDs.
    /// </summary>
    private static List<string>? Route(Schema schema, string target, Func<string, string>? idFor = null)
    {
        var queue = new Queue<(string Type, List<string> Path)>([(schema.Query, [])]);
        var seen = new HashSet<string> { schema.Query };
        while (queue.TryDequeue(out var item))
        {
            if (item.Type == target)
            {
                return item.Path;
            }
            foreach (var field in schema.Types[item.Type].Fields)
            {
                var required = field.Args.Where(a => a.Type.Required).ToList();
                if (required.Count > 0 && (idFor is null || required.Any(a => a.Type.Named != "ID")))
                {
                    continue;
                }
                var call = required.Count == 0 ? field.Name : $"{field.Name}({string.Join(", ", required.Select(a => $"{a.Name}: \"{idFor!(a.Name)}\""))})";
                if (schema.Types.TryGetValue(field.Type.Named, out var next) && next.Kind == "OBJECT" && seen.Add(next.Name))
                {
                    queue.Enqueue((next.Name, [.. item.Path, call]));
                }
            }
        }
        return null;
    }

    private static string Wrap(List<string> route, string inner) =>
        route.AsEnumerable().Reverse().Aggregate(inner, (acc, field) => $"{field} {{ {acc} }}");

    private static string Selection(Schema schema, string typeName, bool isMutation = false) =>
        schema.Types.TryGetValue(typeName, out var type) && type.Kind is "OBJECT" or "INTERFACE" or "UNION"
            ? isMutation && type.Fields.Any(f => f.Name == "errors") ? " { errors { code message path } }" : " { __typename }"
            : "";

    private static string Shorten(string text) => text.Length > 400 ? text[..400] + "…" : text;

    /// <summary>The live schema of the running API, read into the small model the cases are built from.</summary>
    private Schema ReadSchema()
    {
        var live = bank.App.Services.GetRequiredService<ISchema>();
        live.Initialize();
        var types = live.AllTypes.Select(t => t switch
        {
            IInputObjectGraphType input => new TypeInfo("INPUT_OBJECT", t.Name, [], [.. input.Fields.Select(f => new InputField(f.Name, TypeRef.From(f.ResolvedType!)))], []),
            IComplexGraphType complex => new TypeInfo(t is IInterfaceGraphType ? "INTERFACE" : "OBJECT", t.Name,
                [.. complex.Fields.Select(f => new Field(f.Name, TypeRef.From(f.ResolvedType!), [.. (f.Arguments ?? []).Select(a => new Argument(a.Name, TypeRef.From(a.ResolvedType!)))]))], [], []),
            EnumerationGraphType enumeration => new TypeInfo("ENUM", t.Name, [], [], [.. enumeration.Values.Select(v => v.Name)]),
            UnionGraphType => new TypeInfo("UNION", t.Name, [], [], []),
            _ => new TypeInfo("SCALAR", t.Name, [], [], []),
        }).ToDictionary(t => t.Name);
        return new Schema(live.Query.Name, live.Mutation!.Name, live.Subscription?.Name ?? "", types);
    }

    private sealed record Schema(string Query, string Mutation, string Subscription, Dictionary<string, TypeInfo> Types);

    private sealed record TypeInfo(string Kind, string Name, List<Field> Fields, List<InputField> InputFields, List<string> EnumValues);

    private sealed record Field(string Name, TypeRef Type, List<Argument> Args);

    private sealed record Argument(string Name, TypeRef Type);

    private sealed record InputField(string Name, TypeRef Type);

    /// <summary>A type reference: the named type, whether it is required and a list, and how it is written (<c>[String!]</c>).</summary>
    private sealed record TypeRef(string Named, bool Required, bool IsList, string Text)
    {
        public static TypeRef From(IGraphType type)
        {
            if (type is NonNullGraphType nonNull)
            {
                var inner = From(nonNull.ResolvedType!);
                return inner with { Required = true, Text = inner.Text + "!" };
            }
            if (type is ListGraphType list)
            {
                var inner = From(list.ResolvedType!);
                return new TypeRef(inner.Named, false, true, $"[{inner.Text}]");
            }
            return new TypeRef(type.Name, false, false, type.Name);
        }
    }
}
