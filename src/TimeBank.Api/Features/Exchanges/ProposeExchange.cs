using FluentValidation;
using GraphQL.Types;
using Microsoft.EntityFrameworkCore;
using TimeBank.Api.Data;
using TimeBank.Api.Data.Entities;
using TimeBank.Api.Schema;
using TimeBank.GraphQL.Mutations;

namespace TimeBank.Api.Features.Exchanges;

/// <summary>Input of <c>proposeExchange</c>.</summary>
public sealed record ProposeExchangeInput(
    long CounterpartMemberId, ExchangeRole MyRole, int Minutes, string? Description = null, long? OnBehalfOfMemberId = null);

public sealed class ProposeExchangeInputValidator : AbstractValidator<ProposeExchangeInput>
{
    public ProposeExchangeInputValidator()
    {
        ExchangeStart.Minutes(RuleFor(i => i.Minutes));
        RuleFor(i => i.Description).MaximumLength(500);
    }
}

public sealed class ProposeExchangeInputType : InputObjectGraphType<ProposeExchangeInput>
{
    public ProposeExchangeInputType()
    {
        Name = "ProposeExchangeInput";
        Description = "A direct exchange with another member of the same community, without a listing.";
        this.IdField("counterpartMemberId", "Member", "The other member, who accepts or declines.");
        Field<NonNullGraphType<ExchangeRoleType>>("myRole").Description("PROVIDER if you give the time, RECEIVER if you receive the help.");
        Field(i => i.Minutes).Description($"The minutes agreed, 1 to {ExchangeStart.MaxMinutes}.");
        Field(i => i.Description, nullable: true).Description("What the help is about, up to 500 characters.");
        this.IdFieldOptional("onBehalfOfMemberId", "Member", "A coordinator proposes on behalf of this member; yourself by default. Never where the coordinator would be the other party (FORBIDDEN).");
    }
}

/// <summary>Either side proposes an exchange directly to another member; the other member accepts or declines.</summary>
public static class ProposeExchange
{
    private static readonly ProposeExchangeInputValidator Validator = new();

    public static void AddProposeExchange(this ObjectGraphType mutation) =>
        mutation.Mutation<ProposeExchangeInputType, ExchangePayloadType>("proposeExchange",
                "Proposes a direct exchange to another member, as provider or receiver.",
                [ErrorCode.Unauthenticated, ErrorCode.Forbidden, ErrorCode.NotFound, ErrorCode.WrongStatus])
            .ResolveAsync(async ctx => await ctx.RunAsync(Validator,
                (input, db) => ExecuteAsync(input, ctx.Caller(), db, ctx.Service<TimeProvider>(), ctx.CancellationToken),
                exchange => new ExchangePayload { Exchange = exchange }));

    public static async Task<Outcome<Exchange>> ExecuteAsync(ProposeExchangeInput input, Caller caller, TimeBankDbContext db, TimeProvider clock, CancellationToken ct)
    {
        if (caller.RefuseAnonymous("Log in to propose an exchange.") is { } anonymous)
        {
            return anonymous;
        }
        var counterpart = await db.Members.AsNoTracking().SingleOrDefaultAsync(m => m.Id == input.CounterpartMemberId, ct);
        if (counterpart is null)
        {
            return new Failure(ErrorCode.NotFound, "No such member.", "counterpartMemberId");
        }
        var proposer = await ExchangeStart.ProposerAsync(db, caller, counterpart.CommunityId, input.OnBehalfOfMemberId, counterpart, ct);
        if (!proposer.Succeeded)
        {
            return ExchangeStart.ProposerRefused(proposer, "counterpartMemberId");
        }
        var (me, actor) = proposer.Value;
        var (provider, receiver) = input.MyRole == ExchangeRole.Provider ? (me, counterpart) : (counterpart, me);
        return await ExchangeStart.OpenAsync(new(db, null, clock, ct),
            new ExchangeOpening(ExchangeStateMachine.Propose, provider, receiver, me, actor, input.Minutes) { Description = input.Description });
    }
}
