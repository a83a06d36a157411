using FluentValidation;
using GraphQL.Types;
using TimeBank.Api.Data;
using TimeBank.Api.Data.Entities;
using TimeBank.Api.Schema;
using TimeBank.GraphQL.Mutations;
using TimeBank.Ledger.Writes;

namespace TimeBank.Api.Features.Exchanges;

/// <summary>Input of <c>cancelExchange</c>.</summary>
public sealed record CancelExchangeInput(long ExchangeId, string? Reason = null);

public sealed class CancelExchangeInputValidator : AbstractValidator<CancelExchangeInput>
{
    public CancelExchangeInputValidator() => RuleFor(i => i.Reason).MaximumLength(1000);
}

public sealed class CancelExchangeInputType : InputObjectGraphType<CancelExchangeInput>
{
    public CancelExchangeInputType()
    {
        Name = "CancelExchangeInput";
        Description = "The exchange to call off.";
        this.IdField("exchangeId", "Exchange", "A REQUESTED or ACCEPTED exchange of yours.");
        Field(i => i.Reason, nullable: true).Description("Why, for the other party; up to 1000 characters.");
    }
}

/// <summary>Either party calls off an exchange before it is done; an accepted one releases its hold.</summary>
public static class CancelExchange
{
    private static readonly CancelExchangeInputValidator Validator = new();

    public static void AddCancelExchange(this ObjectGraphType mutation) =>
        mutation.Mutation<CancelExchangeInputType, ExchangePayloadType>("cancelExchange",
                "Calls off a requested or accepted exchange (either party); the held minutes are released. " + ExchangeFlow.RepeatRule,
                [ErrorCode.Unauthenticated, ErrorCode.Forbidden, ErrorCode.NotFound, ErrorCode.WrongStatus, ErrorCode.IdempotencyConflict])
            .ResolveAsync(async ctx => await ctx.RunAsync(Validator,
                (input, db) => ExecuteAsync(input, ctx.Caller(), db, ctx.Service<LedgerWriter<TimeBankDbContext>>(), ctx.Service<TimeProvider>(), ctx.CancellationToken),
                exchange => new ExchangePayload { Exchange = exchange }));

    public static async Task<Outcome<Exchange>> ExecuteAsync(
        CancelExchangeInput input, Caller caller, TimeBankDbContext db, LedgerWriter<TimeBankDbContext> ledger, TimeProvider clock, CancellationToken ct)
    {
        var loaded = ExchangeAccess.Load(db, input.ExchangeId, caller, ExchangeStateMachine.Cancel);
        return loaded.Value is not { } step
            ? ExchangeFlow.FailureOf(loaded)
            : await ExchangeFlow.TakeAsync(new(db, ledger, clock, ct), step, new ExchangeAsk(ExchangeStateMachine.Cancel, Note: input.Reason));
    }
}
