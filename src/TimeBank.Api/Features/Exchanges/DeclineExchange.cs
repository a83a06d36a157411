using FluentValidation;
using GraphQL.Types;
using TimeBank.Api.Data;
using TimeBank.Api.Data.Entities;
using TimeBank.Api.Schema;
using TimeBank.GraphQL.Mutations;

namespace TimeBank.Api.Features.Exchanges;

/// <summary>Input of <c>declineExchange</c>.</summary>
public sealed record DeclineExchangeInput(long ExchangeId, string? Reason = null);

public sealed class DeclineExchangeInputValidator : AbstractValidator<DeclineExchangeInput>
{
    public DeclineExchangeInputValidator() => RuleFor(i => i.Reason).MaximumLength(1000);
}

public sealed class DeclineExchangeInputType : InputObjectGraphType<DeclineExchangeInput>
{
    public DeclineExchangeInputType()
    {
        Name = "DeclineExchangeInput";
        Description = "The exchange to decline.";
        this.IdField("exchangeId", "Exchange", "A REQUESTED exchange proposed to you.");
        Field(i => i.Reason, nullable: true).Description("Why, for the other party; up to 1000 characters.");
    }
}

/// <summary>The party who was asked says no. Nothing was held yet, so the ledger is not involved.</summary>
public static class DeclineExchange
{
    private static readonly DeclineExchangeInputValidator Validator = new();

    public static void AddDeclineExchange(this ObjectGraphType mutation) =>
        mutation.Mutation<DeclineExchangeInputType, ExchangePayloadType>("declineExchange",
                "Declines an exchange proposed to you. " + ExchangeFlow.RepeatRule,
                [ErrorCode.Unauthenticated, ErrorCode.Forbidden, ErrorCode.NotFound, ErrorCode.WrongStatus, ErrorCode.IdempotencyConflict])
            .ResolveAsync(async ctx => await ctx.RunAsync(Validator,
                (input, db) => ExecuteAsync(input, ctx.Caller(), db, ctx.Service<TimeProvider>(), ctx.CancellationToken),
                exchange => new ExchangePayload { Exchange = exchange }));

    public static async Task<Outcome<Exchange>> ExecuteAsync(DeclineExchangeInput input, Caller caller, TimeBankDbContext db, TimeProvider clock, CancellationToken ct)
    {
        var loaded = ExchangeAccess.Load(db, input.ExchangeId, caller, ExchangeStateMachine.Decline);
        return loaded.Value is not { } step
            ? ExchangeFlow.FailureOf(loaded)
            : await ExchangeFlow.TakeAsync(new(db, null, clock, ct), step, new ExchangeAsk(ExchangeStateMachine.Decline, Note: input.Reason));
    }
}
