using FluentValidation;
using GraphQL;
using Microsoft.EntityFrameworkCore;
using TimeBank.Api.Data;
using TimeBank.GraphQL.Mutations;

namespace TimeBank.Api.Schema;

/// <summary>
/// The one way a mutation resolver runs its use case: validate the input (rules only), run the use
/// case on a DbContext of its own, and turn its <see cref="Outcome{T}"/> into the payload. This is
/// also the one place where <see cref="ErrorCode"/>s become <c>UserError</c> codes, each checked against the
/// codes the mutation declared (<see cref="MutationErrors"/>).
/// </summary>
public static class MutationRunner
{
    public static async Task<TPayload> RunAsync<TInput, TValue, TPayload>(
        this IResolveFieldContext context,
        IValidator<TInput> validator,
        Func<TInput, TimeBankDbContext, Task<Outcome<TValue>>> useCase,
        Func<TValue, TPayload> succeeded)
        where TPayload : Payload, new()
    {
        var input = context.GetInput<TInput>();
        var invalid = await validator.ValidateToUserErrorsAsync(input, context.CancellationToken);
        if (invalid.Count > 0)
        {
            MutationErrors.Check(context, invalid);
            return Payload.Fail<TPayload>(invalid);
        }

        await using var db = await context.CreateDbContextAsync();
        // One connection for the whole use case rather than an open and close around each of its queries.
        await db.Database.OpenConnectionAsync(context.CancellationToken);
        var outcome = await useCase(input, db);
        if (outcome.Succeeded)
        {
            return succeeded(outcome.Value!);
        }
        var error = ToUserError(outcome);
        MutationErrors.Check(context, [error]);
        return Payload.Fail<TPayload>(error);
    }

    public static string Code(ErrorCode code) => UserErrorCodes.ToScreamingSnake(code.ToString());

    private static UserError ToUserError<TValue>(Outcome<TValue> outcome) =>
        new(Code(outcome.Code!.Value), outcome.Message ?? "", outcome.Field is null ? null : [MutationExtensions.InputArgument, outcome.Field]);
}
