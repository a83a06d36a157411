namespace TimeBank.Benchmarks.Hostile;

/// <summary>
/// The documents of the hostile benchmark: for each kind of cost, the issue's document (up to the 256 KB
/// body limit) and the worst one that the document bounds still let through to validation, padded with
/// spaces in front to the 64 KB document limit where errors are expected (each error's location is found
/// by reading the document from its start, so padding makes errors as dear as they can be).
/// </summary>
internal static class HostileDocuments
{
    /// <summary>A document to send, with its variables as JSON (or null), and what it stands for.</summary>
    public sealed record Case(string Name, string Query, string? VariablesJson = null);

    // The API's defaults (GraphQLServerOptions): what the worst accepted documents are sized against.
    private const int MaxDocumentLength = 64 * 1024;

    public static IEnumerable<Case> All()
    {
        yield return new("baseline: a normal query", """query Home($slug: String!) { apiVersion community(slug: $slug) { id name slug timeZone createdAt } me { id } }""", """{"slug":"riverside"}""");
        yield return new("introspection, graphql-js all flags", IntrospectionQuery);

        // Fields of one response name with different arguments: quadratic merging, an error per pair.
        yield return new("aliases a: community(slug: sN) x6,000 (issue, 200 KB)", Aliases(6_000));
        yield return new("aliases a: community(slug: sN) x400 (issue, 11.5 KB)", Aliases(400));
        yield return new("same name, other args x400, no alias", $"{{ {Repeat(400, i => $"community(slug: \"s{i}\") {{ id }}")} }}");
        // At the default MaxFieldMergeComparisons (200): each pair of these is 2 comparisons (the fields, their ids), 14 fields 182.
        yield return new("same name, other args x14 (worst accepted), padded", Pad(Aliases(14)));
        yield return new("same name, other args x15 (just refused), padded", Pad(Aliases(15)));
        // Each pair is 2 comparisons and ¼ for the fragments: 13 fragments, 175.5.
        yield return new("fragments with other args x13 spread together (worst accepted), padded",
            Pad($"{{ {Repeat(13, i => $"...F{i}")} }} {Repeat(13, i => $"fragment F{i} on Query {{ a: community(slug: \"s{i}\") {{ id }} }}")}"));
        yield return new("same object field, same args x20, padded", Pad($"{{ {Repeat(20, _ => "community(slug: \"s\") { id name slug }")} }}"));

        // Many identical fields: n²/2 comparisons that cannot fail.
        yield return new("__typename x20,000 (issue, 220 KB)", $"{{ {Repeat(20_000, _ => "__typename")} }}");
        yield return new("__typename x2,000 (at the field bound)", $"{{ {Repeat(2_000, _ => "__typename")} }}");
        yield return new("__typename x440 (worst accepted)", $"{{ {Repeat(440, _ => "__typename")} }}");

        // Directives.
        yield return new("@skip(if: false) x15,000 (issue, 255 KB)", $"{{ __typename {Repeat(15_000, _ => "@skip(if: false)")} }}");
        yield return new("@skip(if: false) x50 on one field, padded", Pad($"{{ __typename {Repeat(50, _ => "@skip(if: false)")} }}"));

        // Depth.
        yield return new("60 levels deep (issue)", Deep(60));
        yield return new("2,000 levels deep (30 KB)", Deep(2_000));
        yield return new("14 levels deep (under the bound)", Deep(14));
        yield return new("deep through a fragment", $"{{ __schema {{ types {{ ...D }} }} }} fragment D on __Type {{ {Repeat(30, _ => "fields { type {")} name {Repeat(30, _ => "} }")} }}");
        yield return new("nested list literal 30,000 deep", $"query($v: [Int] = {new string('[', 30_000)}1{new string(']', 30_000)}) {{ __typename }}");

        // Fragments.
        yield return new("fragment bomb: 24 fragments, each spreading the next twice", FragmentBomb(24));
        yield return new("fragment bomb: 12 fragments (15 levels)", FragmentBomb(12));
        yield return new("100 fragments spread together", $"{{ {Repeat(100, i => $"...F{i}")} }} {Repeat(100, i => $"fragment F{i} on Query {{ __typename }}")}");
        yield return new("100 fragments in a chain", $"{{ ...F0 }} {Repeat(100, i => $"fragment F{i} on Query {{ __typename ...F{i + 1} }}")} fragment F100 on Query {{ apiVersion }}");

        // Operations and variables.
        yield return new("20 operations sharing a 90-field fragment",
            Repeat(20, i => $"query Q{i} {{ ...F }}") + $" fragment F on Query {{ {Repeat(90, i => $"v{i}: apiVersion")} }}");
        yield return new("100 variables with list defaults", $"query({Repeat(100, i => $"$v{i}: [Int] = [{Repeat(40, _ => "1")}]")}) {{ __typename }}");
        yield return new("a 200 KB list in the variables JSON", """query($v: [String]) { __typename }""", $$"""{"v":[{{Repeat(40_000, _ => "\"x\"", ",")}}]}""");
        yield return new("20,000 unknown keys in the variables JSON", "{ __typename }", $$"""{{{Repeat(20_000, i => $"\"k{i}\":1", ",")}}}""");

        // Values and tokens.
        yield return new("a 60 KB string argument", $"{{ community(slug: \"{new string('x', 60_000)}\") {{ id }} }}");
        yield return new("a 7,000-item list argument", $"{{ listings(communityId: \"Q29tbXVuaXR5OjE=\", filter: {{ tags: [{Repeat(7_000, _ => "\"t\"")}] }}) {{ totalCount }} }}");
        yield return new("a 9,900-item list literal (just under the token bound)", $"query($v: [Int] = [{Repeat(9_900, _ => "1")}]) {{ __typename }}");
        yield return new("30,000 one-character tokens (60 KB)", $"query($v: [Int] = [{Repeat(30_000, _ => "1")}]) {{ __typename }}");
        yield return new("64 KB of comments", $"{Repeat(MaxDocumentLength / 9 - 10, _ => "#comment\n", "")}{{ __typename }}");

        // Errors.
        yield return new("1,900 unknown fields, padded", Pad($"{{ {Repeat(1_900, i => $"u{i}")} }}"));
        yield return new("2,000 unknown arguments on one field, padded", Pad($"{{ apiVersion({Repeat(2_000, i => $"a{i}: 1")}) }}"));
        yield return new("the same argument x3,000", $"{{ community({Repeat(3_000, _ => "slug: \"s\"")}) {{ id }} }}");

        // Cost: introspection under aliases, a list under a list.
        yield return new("introspection x100 aliases", $"{{ {Repeat(100, i => $"s{i}: __schema {{ types {{ name fields {{ name type {{ name }} }} }} }}")} }}");
    }

    private static string Aliases(int count) => $"{{ {Repeat(count, i => $"a: community(slug: \"s{i}\") {{ id }}")} }}";

    /// <summary>A selection <paramref name="levels"/> fields deep through introspection's types.</summary>
    private static string Deep(int levels) =>
        "{ __schema { types { " + Repeat((levels - 4) / 2, _ => "fields { type {") + " fields { name } " + Repeat((levels - 4) / 2, _ => "} }") + " } } }";

    private static string FragmentBomb(int fragments) =>
        "{ __schema { types { ...F0 } } } "
        + Repeat(fragments, i => $"fragment F{i} on __Type {{ name ofType {{ ...F{i + 1} }} interfaces {{ ...F{i + 1} }} }}")
        + $" fragment F{fragments} on __Type {{ name }}";

    /// <summary>Spaces in front of the document up to the document length bound.</summary>
    private static string Pad(string query) => new string(' ', Math.Max(0, MaxDocumentLength - query.Length - 16)) + query;

    private static string Repeat(int count, Func<int, string> item, string separator = " ") =>
        string.Join(separator, Enumerable.Range(0, count).Select(item));

    private const string IntrospectionQuery = """
        query IntrospectionQuery {
          __schema {
            description
            queryType { name kind }
            mutationType { name kind }
            subscriptionType { name kind }
            types { ...FullType }
            directives {
              name
              description
              isRepeatable
              locations
              args(includeDeprecated: true) { ...InputValue }
            }
          }
        }
        fragment FullType on __Type {
          kind
          name
          description
          specifiedByURL
          isOneOf
          fields(includeDeprecated: true) {
            name
            description
            args(includeDeprecated: true) { ...InputValue }
            type { ...TypeRef }
            isDeprecated
            deprecationReason
          }
          inputFields(includeDeprecated: true) { ...InputValue }
          interfaces { ...TypeRef }
          enumValues(includeDeprecated: true) {
            name
            description
            isDeprecated
            deprecationReason
          }
          possibleTypes { ...TypeRef }
        }
        fragment InputValue on __InputValue {
          name
          description
          type { ...TypeRef }
          defaultValue
          isDeprecated
          deprecationReason
        }
        fragment TypeRef on __Type {
          kind
          name
          ofType {
            kind
            name
            ofType {
              kind
              name
              ofType {
                kind
                name
                ofType {
                  kind
                  name
                  ofType {
                    kind
                    name
                    ofType {
                      kind
                      name
                      ofType {
                        kind
                        name
                        ofType {
                          kind
                          name
                          ofType {
                            kind
                            name
                          }
                        }
                      }
                    }
                  }
                }
              }
            }
          }
        }
        """;
}
