using GraphQL;
using GraphQL.Builders;
using GraphQL.Types;
using GraphQL.Validation.Complexity;

namespace TimeBank.GraphQL.Limits;

/// <summary>
/// How many items a list field can return, declared where the field is defined, for the complexity budget:
/// the field's selection is counted that many times. Without a declaration GraphQL.NET assumes
/// <see cref="GraphQLServerOptions.DefaultListSize"/>, which overcounts a short list (a user's memberships)
/// and would undercount a long one, so every list of objects declares its bound (a test holds the schema to it).
/// </summary>
public static class ListSize
{
    private const string MaxItemsKey = "TimeBank.ListSize.MaxItems";

    /// <summary>The list never holds more than <paramref name="maxItems"/> items.</summary>
    public static FieldBuilder<TSource, TReturn> MaxItems<TSource, TReturn>(this FieldBuilder<TSource, TReturn> field, int maxItems)
    {
        field.FieldType.MaxItems(maxItems);
        return field;
    }

    /// <inheritdoc cref="MaxItems{TSource, TReturn}(FieldBuilder{TSource, TReturn}, int)"/>
    public static FieldType MaxItems(this FieldType field, int maxItems) =>
        field.MaxItems(maxItems, _ => maxItems);

    /// <summary>
    /// The list holds at most <paramref name="maxItems"/> items, and for a given request as many as
    /// <paramref name="count"/> says from the field's arguments or its parent's (a page's <c>first</c>, a list of IDs).
    /// </summary>
    public static FieldType MaxItems(this FieldType field, int maxItems, Func<FieldImpactContext, int> count)
    {
        field.WithMetadata(MaxItemsKey, maxItems);
        field.WithComplexityImpact(context => new(context.Configuration.DefaultObjectImpact, Math.Min(maxItems, count(context))));
        return field;
    }

    /// <summary>The declared bound, or null when the field declares none.</summary>
    public static int? GetMaxItems(this FieldType field) => field.GetMetadata<int?>(MaxItemsKey);
}
