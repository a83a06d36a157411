using FluentValidation;
using GraphQL.Types;
using TimeBank.Api.Data;
using TimeBank.Api.Data.Entities;
using TimeBank.Api.Schema;
using TimeBank.GraphQL.Mutations;
using TimeBank.Ledger.Writes;

namespace TimeBank.Api.Features.Exchanges;

/// <summary>Input of <c>acknowledgeExchange</c>.</summary>
public sealed record AcknowledgeExchangeInput(long ExchangeId, string? Note = null);

public sealed class AcknowledgeExchangeInputValidator : AbstractValidator<AcknowledgeExchangeInput>
{
    public AcknowledgeExchangeInputValidator() => RuleFor(i => i.Note).MaximumLength(1000);
}

public sealed class AcknowledgeExchangeInputType : InputObjectGraphType<AcknowledgeExchangeInput>
{
    public AcknowledgeExchangeInputType()
    {
        Name = "AcknowledgeExchangeInput";
        Description = "The exchange you confirm.";
        this.IdField("exchangeId", "Exchange", "A COMPLETED exchange where you are the receiver.");
        Field(i => i.Note, nullable: true).Description("A note, up to 1000 characters.");
    }
}

/// <summary>
/// The receiver confirms: the hold is posted for the actual minutes in one ledger entry (receiver
/// debited, provider credited), the rest released, and both sides are told at once.
/// </summary>
public static class AcknowledgeExchange
{
    private static readonly AcknowledgeExchangeInputValidator Validator = new();

    public static void AddAcknowledgeExchange(this ObjectGraphType mutation) =>
        mutation.Mutation<AcknowledgeExchangeInputType, ExchangePayloadType>("acknowledgeExchange",
                "The receiver confirms a completed exchange; the actual minutes move to the provider. " + ExchangeFlow.RepeatRule,
                [ErrorCode.Unauthenticated, ErrorCode.Forbidden, ErrorCode.NotFound, ErrorCode.WrongStatus, ErrorCode.InsufficientCredit, ErrorCode.CeilingReached, ErrorCode.IdempotencyConflict])
            .ResolveAsync(async ctx => await ctx.RunAsync(Validator,
                (input, db) => ExecuteAsync(input, ctx.Caller(), db, ctx.Service<LedgerWriter<TimeBankDbContext>>(), ctx.Service<TimeProvider>(), ctx.CancellationToken),
                exchange => new ExchangePayload { Exchange = exchange }));

    public static async Task<Outcome<Exchange>> ExecuteAsync(
        AcknowledgeExchangeInput input, Caller caller, TimeBankDbContext db, LedgerWriter<TimeBankDbContext> ledger, TimeProvider clock, CancellationToken ct)
    {
        var loaded = ExchangeAccess.Load(db, input.ExchangeId, caller, ExchangeStateMachine.Acknowledge);
        if (loaded.Value is not { } step)
        {
            return ExchangeFlow.FailureOf(loaded);
        }
        var minutes = step.Exchange.ActualMinutes ?? step.Exchange.AgreedMinutes;
        return await ExchangeFlow.TakeAsync(new(db, ledger, clock, ct), step, new ExchangeAsk(ExchangeStateMachine.Acknowledge, minutes, input.Note));
    }
}
