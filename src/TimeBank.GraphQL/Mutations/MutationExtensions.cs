using GraphQL;
using GraphQL.Builders;
using GraphQL.DI;
using GraphQL.Types;

namespace TimeBank.GraphQL.Mutations;

/// <summary>Declaration of mutations by the convention <c>name(input: XInput!): XPayload!</c>.</summary>
public static class MutationExtensions
{
    /// <summary>The name of the single argument of every mutation.</summary>
    public const string InputArgument = "input";

    /// <summary>Registers <see cref="UserErrorType"/>.</summary>
    public static IGraphQLBuilder AddMutationConventions(this IGraphQLBuilder builder)
    {
        builder.Services.TryRegister<UserErrorType, UserErrorType>(global::GraphQL.DI.ServiceLifetime.Transient);
        return builder;
    }

    /// <summary>Adds <c><paramref name="name"/>(input: TInput!): TPayload!</c>; finish it with a resolver.</summary>
    public static FieldBuilder<object?, object> Mutation<TInputType, TPayloadType>(this ObjectGraphType mutation, string name, string description)
        where TInputType : IInputObjectGraphType
        where TPayloadType : IObjectGraphType =>
        mutation.Field<NonNullGraphType<TPayloadType>>(name)
            .Description(description)
            .Argument<NonNullGraphType<TInputType>>(InputArgument, "What to do.");

    /// <summary>Reads the <c>input</c> argument.</summary>
    public static TInput GetInput<TInput>(this IResolveFieldContext context) => context.GetArgument<TInput>(InputArgument);
}
