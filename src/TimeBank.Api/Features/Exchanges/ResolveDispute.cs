using FluentValidation;
using GraphQL.Types;
using TimeBank.Api.Data;
using TimeBank.Api.Data.Entities;
using TimeBank.Api.Schema;
using TimeBank.GraphQL.Mutations;
using TimeBank.Ledger.Writes;

namespace TimeBank.Api.Features.Exchanges;

/// <summary>Input of <c>resolveDispute</c>: settle for <c>Minutes</c>, or <c>Cancel</c>.</summary>
public sealed record ResolveDisputeInput(long ExchangeId, int? Minutes = null, bool Cancel = false, string? Note = null);

public sealed class ResolveDisputeInputValidator : AbstractValidator<ResolveDisputeInput>
{
    public ResolveDisputeInputValidator()
    {
        RuleFor(i => i.Minutes).NotNull().When(i => !i.Cancel).WithMessage("Give the minutes to settle for, or cancel.");
        RuleFor(i => i.Minutes).Null().When(i => i.Cancel).WithMessage("Either minutes or cancel, not both.");
        ExchangeStart.Minutes(RuleFor(i => i.Minutes));
        RuleFor(i => i.Note).MaximumLength(1000);
    }
}

public sealed class ResolveDisputeInputType : InputObjectGraphType<ResolveDisputeInput>
{
    public ResolveDisputeInputType()
    {
        Name = "ResolveDisputeInput";
        Description = "A coordinator's decision on a disputed exchange: settle for some minutes, or cancel.";
        this.IdField("exchangeId", "Exchange", "A DISPUTED exchange of your community.");
        Field(i => i.Minutes, nullable: true).Description("Settle for these minutes (1 to the agreed minutes).");
        Field(i => i.Cancel, nullable: true).Description("Cancel instead: the hold is released and no minutes move.");
        Field(i => i.Note, nullable: true).Description("The decision's reasons, up to 1000 characters.");
    }
}

/// <summary>A coordinator settles a disputed exchange with corrected minutes, or cancels it and releases the hold.</summary>
public static class ResolveDispute
{
    private static readonly ResolveDisputeInputValidator Validator = new();

    public static void AddResolveDispute(this ObjectGraphType mutation) =>
        mutation.Mutation<ResolveDisputeInputType, ExchangePayloadType>("resolveDispute",
                "A coordinator settles a disputed exchange for some minutes, or cancels it; never one the coordinator is a party to. " + ExchangeFlow.RepeatRule,
                [ErrorCode.Unauthenticated, ErrorCode.Forbidden, ErrorCode.NotFound, ErrorCode.WrongStatus, ErrorCode.InsufficientCredit, ErrorCode.CeilingReached, ErrorCode.IdempotencyConflict])
            .ResolveAsync(async ctx => await ctx.RunAsync(Validator,
                (input, db) => ExecuteAsync(input, ctx.Caller(), db, ctx.Service<LedgerWriter<TimeBankDbContext>>(), ctx.Service<TimeProvider>(), ctx.CancellationToken),
                exchange => new ExchangePayload { Exchange = exchange }));

    public static async Task<Outcome<Exchange>> ExecuteAsync(
        ResolveDisputeInput input, Caller caller, TimeBankDbContext db, LedgerWriter<TimeBankDbContext> ledger, TimeProvider clock, CancellationToken ct)
    {
        var loaded = ExchangeAccess.Load(db, input.ExchangeId, caller, ExchangeStateMachine.ResolveBySettling);
        if (loaded.Value is not { } step)
        {
            return ExchangeFlow.FailureOf(loaded);
        }
        // Checked whatever the status, so a repeat (or a resolution that lost to an acknowledgement) is validated like a first call.
        if (input.Minutes > step.Exchange.AgreedMinutes)
        {
            return new Failure(ErrorCode.InvalidInput, $"At most the agreed {step.Exchange.AgreedMinutes} minutes, which are held.", "minutes");
        }
        var move = input.Cancel ? ExchangeStateMachine.ResolveByCancelling : ExchangeStateMachine.ResolveBySettling;
        return await ExchangeFlow.TakeAsync(new(db, ledger, clock, ct), step, new ExchangeAsk(move, input.Minutes, input.Note));
    }
}
