using GraphQL.Types;
using TimeBank.GraphQL.Limits;

namespace TimeBank.GraphQL.Mutations;

/// <summary>The <c>UserError</c> type.</summary>
public sealed class UserErrorType : ObjectGraphType<UserError>
{
    public UserErrorType()
    {
        Name = "UserError";
        Description = "An expected problem that stopped a mutation; nothing was changed.";
        Field(e => e.Code).Description("A stable SCREAMING_SNAKE code to switch on.");
        Field(e => e.Message).Description("What went wrong, for people.");
        Field<ListGraphType<NonNullGraphType<StringGraphType>>>("path")
            .Description("Where in the arguments the problem is, e.g. [\"input\", \"email\"]; null when it concerns the whole input.")
            .Resolve(ctx => ctx.Source.Path);
    }
}

/// <summary>
/// The base of a payload graph type: adds <c>errors: [UserError!]!</c>; the subclass names the type
/// (<c>XPayload</c>), describes it and adds the changed objects.
/// </summary>
public abstract class PayloadType<TPayload> : ObjectGraphType<TPayload>
    where TPayload : Payload
{
    /// <summary>
    /// The bound of <c>errors</c> for the complexity budget: one error per input rule broken (or the one outcome
    /// that stopped the mutation); no input has this many rules.
    /// </summary>
    public const int MaxErrors = 20;

    protected PayloadType()
    {
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<UserErrorType>>>>("errors")
            .Description("Expected problems that stopped the mutation; empty when it succeeded.")
            .Resolve(ctx => ctx.Source.Errors)
            .MaxItems(MaxErrors);
    }
}
