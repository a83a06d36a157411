using GraphQL.Types;
using TimeBank.GraphQL.Relay;

namespace TimeBank.Api.Schema;

public static class InputIdFields
{
    /// <summary>An <c>ID!</c> input field that only takes IDs of <paramref name="typeName"/> and hands the resolver the key.</summary>
    public static void IdField<TInput>(this InputObjectGraphType<TInput> type, string name, string typeName, string description) =>
        type.Field<NonNullGraphType<IdGraphType>>(name)
            .Description(description)
            .ParseValue(NodeExtensions.IdParser<long>(typeName));

    /// <summary>An optional <c>ID</c> input field of <paramref name="typeName"/>.</summary>
    public static void IdFieldOptional<TInput>(this InputObjectGraphType<TInput> type, string name, string typeName, string description) =>
        type.Field<IdGraphType>(name)
            .Description(description)
            .ParseValue(NodeExtensions.IdParser<long>(typeName));

    /// <summary>An <c>[ID!]</c> input field of IDs of <paramref name="typeName"/>; the resolver gets their keys.</summary>
    public static void IdListField<TInput>(this InputObjectGraphType<TInput> type, string name, string typeName, string description) =>
        type.Field<ListGraphType<NonNullGraphType<IdGraphType>>>(name)
            .Description(description)
            .ParseValue(value => value is IEnumerable<object?> ids
                ? ids.Select(id => (long)NodeExtensions.IdParser<long>(typeName)(id!)).ToList()
                : throw new InvalidIdError($"Expected a list of {typeName} IDs."));
}
