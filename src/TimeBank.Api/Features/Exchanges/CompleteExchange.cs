using FluentValidation;
using GraphQL.Types;
using TimeBank.Api.Data;
using TimeBank.Api.Data.Entities;
using TimeBank.Api.Schema;
using TimeBank.GraphQL.Mutations;

namespace TimeBank.Api.Features.Exchanges;

/// <summary>Input of <c>completeExchange</c>.</summary>
public sealed record CompleteExchangeInput(long ExchangeId, int Minutes, string? Note = null);

public sealed class CompleteExchangeInputValidator : AbstractValidator<CompleteExchangeInput>
{
    public CompleteExchangeInputValidator()
    {
        ExchangeStart.Minutes(RuleFor(i => i.Minutes));
        RuleFor(i => i.Note).MaximumLength(1000);
    }
}

public sealed class CompleteExchangeInputType : InputObjectGraphType<CompleteExchangeInput>
{
    public CompleteExchangeInputType()
    {
        Name = "CompleteExchangeInput";
        Description = "The exchange you did, and how long it took.";
        this.IdField("exchangeId", "Exchange", "An ACCEPTED exchange where you are the provider.");
        Field(i => i.Minutes).Description("The minutes it took, at least 1 and at most the agreed minutes (what is held).");
        Field(i => i.Note, nullable: true).Description("A note for the receiver, up to 1000 characters.");
    }
}

/// <summary>
/// The provider says the help was given and how long it took. No minutes move yet: the receiver
/// acknowledges (or disputes), or the system does after the policy's days.
/// </summary>
public static class CompleteExchange
{
    private static readonly CompleteExchangeInputValidator Validator = new();

    public static void AddCompleteExchange(this ObjectGraphType mutation) =>
        mutation.Mutation<CompleteExchangeInputType, ExchangePayloadType>("completeExchange",
                "The provider marks an accepted exchange done, with the minutes it took. " + ExchangeFlow.RepeatRule,
                [ErrorCode.Unauthenticated, ErrorCode.Forbidden, ErrorCode.NotFound, ErrorCode.WrongStatus, ErrorCode.IdempotencyConflict])
            .ResolveAsync(async ctx => await ctx.RunAsync(Validator,
                (input, db) => ExecuteAsync(input, ctx.Caller(), db, ctx.Service<TimeProvider>(), ctx.CancellationToken),
                exchange => new ExchangePayload { Exchange = exchange }));

    public static async Task<Outcome<Exchange>> ExecuteAsync(CompleteExchangeInput input, Caller caller, TimeBankDbContext db, TimeProvider clock, CancellationToken ct)
    {
        var loaded = ExchangeAccess.Load(db, input.ExchangeId, caller, ExchangeStateMachine.Complete);
        if (loaded.Value is not { } step)
        {
            return ExchangeFlow.FailureOf(loaded);
        }
        // A share of a group exchange is completed with its group, so that every share the provider gave is completed at once.
        if (step.Exchange.GroupExchangeId is not null)
        {
            return new Failure(ErrorCode.InvalidInput, "This exchange is a share of a group exchange: complete the group (completeGroupExchange).", "exchangeId");
        }
        // The hold is the receiver's promise; more than it would need a second entry, and their consent. Checked
        // whatever the status, so a repeat is validated like the first call.
        if (input.Minutes > step.Exchange.AgreedMinutes)
        {
            return new Failure(ErrorCode.InvalidInput, $"At most the agreed {step.Exchange.AgreedMinutes} minutes.", "minutes");
        }
        return await ExchangeFlow.TakeAsync(new(db, null, clock, ct), step, new ExchangeAsk(ExchangeStateMachine.Complete, input.Minutes, input.Note),
            exchange =>
            {
                exchange.ActualMinutes = input.Minutes;
                exchange.CompletionNote = input.Note?.Trim();
                exchange.CompletedAt = clock.GetUtcNow().UtcDateTime;
            });
    }
}
