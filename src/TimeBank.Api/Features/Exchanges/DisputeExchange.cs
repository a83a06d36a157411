using FluentValidation;
using GraphQL.Types;
using TimeBank.Api.Data;
using TimeBank.Api.Data.Entities;
using TimeBank.Api.Schema;
using TimeBank.GraphQL.Mutations;

namespace TimeBank.Api.Features.Exchanges;

/// <summary>Input of <c>disputeExchange</c>.</summary>
public sealed record DisputeExchangeInput(long ExchangeId, string Reason);

public sealed class DisputeExchangeInputValidator : AbstractValidator<DisputeExchangeInput>
{
    public DisputeExchangeInputValidator() => RuleFor(i => i.Reason).NotEmpty().MaximumLength(1000);
}

public sealed class DisputeExchangeInputType : InputObjectGraphType<DisputeExchangeInput>
{
    public DisputeExchangeInputType()
    {
        Name = "DisputeExchangeInput";
        Description = "The exchange you dispute, and why.";
        this.IdField("exchangeId", "Exchange", "A COMPLETED exchange where you are the receiver.");
        Field(i => i.Reason).Description("What is wrong, for the coordinators; 1 to 1000 characters.");
    }
}

/// <summary>The receiver disputes a completed exchange; the hold stays until a coordinator resolves it.</summary>
public static class DisputeExchange
{
    private static readonly DisputeExchangeInputValidator Validator = new();

    public static void AddDisputeExchange(this ObjectGraphType mutation) =>
        mutation.Mutation<DisputeExchangeInputType, ExchangePayloadType>("disputeExchange",
                "The receiver disputes a completed exchange; a coordinator resolves it. " + ExchangeFlow.RepeatRule,
                [ErrorCode.Unauthenticated, ErrorCode.Forbidden, ErrorCode.NotFound, ErrorCode.WrongStatus, ErrorCode.IdempotencyConflict])
            .ResolveAsync(async ctx => await ctx.RunAsync(Validator,
                (input, db) => ExecuteAsync(input, ctx.Caller(), db, ctx.Service<TimeProvider>(), ctx.CancellationToken),
                exchange => new ExchangePayload { Exchange = exchange }));

    public static async Task<Outcome<Exchange>> ExecuteAsync(DisputeExchangeInput input, Caller caller, TimeBankDbContext db, TimeProvider clock, CancellationToken ct)
    {
        var loaded = ExchangeAccess.Load(db, input.ExchangeId, caller, ExchangeStateMachine.Dispute);
        return loaded.Value is not { } step
            ? ExchangeFlow.FailureOf(loaded)
            : await ExchangeFlow.TakeAsync(new(db, null, clock, ct), step, new ExchangeAsk(ExchangeStateMachine.Dispute, Note: input.Reason),
                exchange => exchange.DisputeReason = input.Reason.Trim());
    }
}
