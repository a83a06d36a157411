using FluentValidation;
using GraphQL.Types;
using TimeBank.Api.Data;
using TimeBank.Api.Data.Entities;
using TimeBank.Api.Schema;
using TimeBank.GraphQL.Mutations;

namespace TimeBank.Api.Features.Exchanges;

/// <summary>Input of <c>leaveFeedback</c>.</summary>
public sealed record LeaveFeedbackInput(long ExchangeId, int Rating, string? Note = null);

public sealed class LeaveFeedbackInputValidator : AbstractValidator<LeaveFeedbackInput>
{
    public LeaveFeedbackInputValidator()
    {
        RuleFor(i => i.Rating).InclusiveBetween(1, 5);
        RuleFor(i => i.Note).MaximumLength(1000);
    }
}

public sealed class LeaveFeedbackInputType : InputObjectGraphType<LeaveFeedbackInput>
{
    public LeaveFeedbackInputType()
    {
        Name = "LeaveFeedbackInput";
        Description = "Thanks and a rating for the other side of a settled exchange.";
        this.IdField("exchangeId", "Exchange", "A SETTLED exchange you took part in.");
        Field(i => i.Rating).Description("1 (poor) to 5 (excellent).");
        Field(i => i.Note, nullable: true).Description("A thank-you note, up to 1000 characters.");
    }
}

/// <summary>After settlement each side may leave feedback once; sending the same feedback again changes nothing.</summary>
public static class LeaveFeedback
{
    private static readonly LeaveFeedbackInputValidator Validator = new();

    public static void AddLeaveFeedback(this ObjectGraphType mutation) =>
        mutation.Mutation<LeaveFeedbackInputType, ExchangePayloadType>("leaveFeedback",
                "Leaves thanks and a rating on a settled exchange, once per side; the same feedback again answers as before.",
                [ErrorCode.Unauthenticated, ErrorCode.Forbidden, ErrorCode.NotFound, ErrorCode.WrongStatus, ErrorCode.FeedbackAlreadyLeft])
            .ResolveAsync(async ctx => await ctx.RunAsync(Validator,
                (input, db) => ExecuteAsync(input, ctx.Caller(), db, ctx.Service<TimeProvider>(), ctx.CancellationToken),
                exchange => new ExchangePayload { Exchange = exchange }));

    public static async Task<Outcome<Exchange>> ExecuteAsync(LeaveFeedbackInput input, Caller caller, TimeBankDbContext db, TimeProvider clock, CancellationToken ct)
    {
        var loaded = ExchangeAccess.Load(db, input.ExchangeId, caller, ExchangeStateMachine.Feedback);
        if (loaded.Value is not { } step)
        {
            return ExchangeFlow.FailureOf(loaded);
        }
        var exchange = step.Exchange;
        // Feedback is each side's own word: a coordinator does not give it for them.
        if (step.Actor.PrincipalMemberId is not { } side || (side != exchange.ProviderMemberId && side != exchange.ReceiverMemberId)
            || (side == exchange.ProviderMemberId ? step.Provider : step.Receiver).UserId != caller.UserId)
        {
            return new Failure(ErrorCode.Forbidden, "Only the two parties leave feedback, each for themselves.");
        }
        if (!ExchangeStateMachine.Feedback.Leaves(exchange.Status))
        {
            return ExchangeFlow.WrongStatus(ExchangeStateMachine.Feedback, exchange.Status);
        }
        var note = input.Note?.Trim() ?? "";
        var isProvider = side == exchange.ProviderMemberId;
        var (rating, given) = isProvider ? (exchange.ProviderRating, exchange.ProviderFeedback) : (exchange.ReceiverRating, exchange.ReceiverFeedback);
        if (rating is not null)
        {
            return rating == input.Rating && given == note
                ? exchange
                : new Failure(ErrorCode.FeedbackAlreadyLeft, "You already left feedback on this exchange.");
        }
        db.Exchanges.Attach(exchange);
        if (isProvider)
        {
            (exchange.ProviderRating, exchange.ProviderFeedback) = (input.Rating, note);
        }
        else
        {
            (exchange.ReceiverRating, exchange.ReceiverFeedback) = (input.Rating, note);
        }
        ExchangeFlow.Record(db, step, new ExchangeAsk(ExchangeStateMachine.Feedback, Note: note), clock);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (Microsoft.EntityFrameworkCore.DbUpdateConcurrencyException)
        {
            // The other side's feedback, or this side's own from a concurrent call, came first: judge this one against
            // it. A settled exchange changes only by feedback, once per side, so this runs at most twice more.
            db.ChangeTracker.Clear();
            return await ExecuteAsync(input, caller, db, clock, ct);
        }
        return exchange;
    }
}
