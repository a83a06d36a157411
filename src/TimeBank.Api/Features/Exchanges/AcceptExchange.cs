using FluentValidation;
using GraphQL.Types;
using TimeBank.Api.Data;
using TimeBank.Api.Data.Entities;
using TimeBank.Api.Schema;
using TimeBank.GraphQL.Mutations;
using TimeBank.Ledger.Writes;

namespace TimeBank.Api.Features.Exchanges;

/// <summary>Input of <c>acceptExchange</c>.</summary>
public sealed record AcceptExchangeInput(long ExchangeId);

public sealed class AcceptExchangeInputValidator : AbstractValidator<AcceptExchangeInput>;

public sealed class AcceptExchangeInputType : InputObjectGraphType<AcceptExchangeInput>
{
    public AcceptExchangeInputType()
    {
        Name = "AcceptExchangeInput";
        Description = "The exchange to accept.";
        this.IdField("exchangeId", "Exchange", "A REQUESTED exchange proposed to you.");
    }
}

/// <summary>
/// The party who was asked accepts: the agreed minutes are held on the receiver's account, so the
/// exchange cannot later fail for want of credit.
/// </summary>
public static class AcceptExchange
{
    private static readonly AcceptExchangeInputValidator Validator = new();

    public static void AddAcceptExchange(this ObjectGraphType mutation) =>
        mutation.Mutation<AcceptExchangeInputType, ExchangePayloadType>("acceptExchange",
                "Accepts an exchange proposed to you and holds the agreed minutes on the receiver's account. " + ExchangeFlow.RepeatRule,
                [ErrorCode.Unauthenticated, ErrorCode.Forbidden, ErrorCode.NotFound, ErrorCode.WrongStatus, ErrorCode.InsufficientCredit, ErrorCode.CeilingReached])
            .ResolveAsync(async ctx => await ctx.RunAsync(Validator,
                (input, db) => ExecuteAsync(input, ctx.Caller(), db, ctx.Service<LedgerWriter<TimeBankDbContext>>(), ctx.Service<TimeProvider>(), ctx.CancellationToken),
                exchange => new ExchangePayload { Exchange = exchange }));

    public static async Task<Outcome<Exchange>> ExecuteAsync(
        AcceptExchangeInput input, Caller caller, TimeBankDbContext db, LedgerWriter<TimeBankDbContext> ledger, TimeProvider clock, CancellationToken ct)
    {
        var loaded = ExchangeAccess.Load(db, input.ExchangeId, caller, ExchangeStateMachine.Accept);
        return loaded.Value is not { } step
            ? ExchangeFlow.FailureOf(loaded)
            : await ExchangeFlow.TakeAsync(new(db, ledger, clock, ct), step, new ExchangeAsk(ExchangeStateMachine.Accept, step.Exchange.AgreedMinutes));
    }
}
