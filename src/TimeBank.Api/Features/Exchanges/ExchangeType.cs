using GraphQL.Types;
using Microsoft.EntityFrameworkCore;
using TimeBank.Api.Data;
using TimeBank.Api.Data.Entities;
using TimeBank.Api.Features.Communities;
using TimeBank.Api.Features.GroupExchanges;
using TimeBank.Api.Features.Listings;
using TimeBank.Api.Features.Members;
using TimeBank.Api.Schema;
using TimeBank.GraphQL.DataLoader;
using TimeBank.GraphQL.Limits;
using TimeBank.GraphQL.Relay;

namespace TimeBank.Api.Features.Exchanges;

/// <summary>The <c>Exchange</c> type, seen by its two parties and the community's coordinators and auditors.</summary>
public sealed class ExchangeType : ObjectGraphType<Exchange>
{
    /// <summary>Exchanges by id, only those the caller may see (<c>node(id:)</c> and <c>exchange(id:)</c>).</summary>
    public static BatchFetch<long, Exchange> VisibleTo(IDbContextFactory<TimeBankDbContext> contexts, Caller caller) =>
        contexts.VisibleTo(caller,
            (db, ids) => db.Exchanges.AsNoTracking().Where(e => ids.Contains(e.Id)), e => e.Id, e => e.CommunityId, (roles, e) => roles.MaySee(e));

    public ExchangeType(IDbContextFactory<TimeBankDbContext> contexts)
    {
        Name = "Exchange";
        Description = "One member helping another: agreed, done, acknowledged, and the hours moved on the ledger.";
        this.IsNode(e => e.Id, context => VisibleTo(contexts, context.Caller()));
        Field<NonNullGraphType<ExchangeStatusType>>("status").Description("Where the exchange stands.").Resolve(ctx => ctx.Source.Status);
        Field(e => e.Description).Description("What the help is about; may be empty.");
        Field<NonNullGraphType<IntGraphType>>("agreedMinutes").Description("The minutes agreed (and held on acceptance).").Resolve(ctx => ctx.Source.AgreedMinutes);
        Field<NonNullGraphType<FloatGraphType>>("agreedHours").Description("The agreed time in hours, for display.").Resolve(ctx => ctx.Source.AgreedMinutes / 60.0);
        Field<IntGraphType>("actualMinutes").Description("The minutes it took, as the provider stated or a coordinator settled; null before completion.")
            .Resolve(ctx => ctx.Source.ActualMinutes);
        Field<FloatGraphType>("actualHours").Description("The actual time in hours, for display.").Resolve(ctx => ctx.Source.ActualMinutes / 60.0);
        Field<NonNullGraphType<MemberType>>("provider").Description("The member who gives the time.")
            .Resolve(ctx => ctx.LoadMember(ctx.Source.ProviderMemberId).Then(m => m!));
        Field<NonNullGraphType<MemberType>>("receiver").Description("The member who receives the help.")
            .Resolve(ctx => ctx.LoadMember(ctx.Source.ReceiverMemberId).Then(m => m!));
        Field<NonNullGraphType<ExchangeRoleType>>("proposedBy").Description("Which side proposed it; the other side accepts or declines.")
            .Resolve(ctx => ctx.Source.ProposedByMemberId == ctx.Source.ProviderMemberId ? ExchangeRole.Provider : ExchangeRole.Receiver);
        Field<ListingType>("listing").Description("The offer or request it came from; null for a direct exchange.")
            .Resolve(ctx => ctx.Source.ListingId is { } listingId ? ctx.LoadListing(listingId) : DataLoaderResults.FromValue<Listing?>(null));
        Field<NonNullGraphType<CommunityType>>("community").Description("The community it happens in.")
            .Resolve(ctx => ctx.LoadCommunity(ctx.Source.CommunityId).Then(c => c!));
        Field<LongGraphType>("settlementEntrySequence").Description("The ledger entry that moved the minutes; null until settled.")
            .Resolve(ctx => ctx.Source.SettlementEntrySequence);
        Field(e => e.CompletionNote, nullable: true).Description("The provider's note on completion.");
        Field(e => e.DisputeReason, nullable: true).Description("Why the receiver disputes it.");
        Field<DateTimeGraphType>("completedAt").Description("When the provider completed it (UTC).").Resolve(ctx => ctx.Source.CompletedAt);
        Field<DateTimeGraphType>("settledAt").Description("When the minutes moved (UTC).").Resolve(ctx => ctx.Source.SettledAt);
        Field<NonNullGraphType<DateTimeGraphType>>("createdAt").Description("When it was proposed (UTC).").Resolve(ctx => ctx.Source.CreatedAt);
        Field<NonNullGraphType<DateTimeGraphType>>("updatedAt").Description("When it last changed (UTC).").Resolve(ctx => ctx.Source.UpdatedAt);
        Field<FeedbackType>("providerFeedback").Description("The provider's feedback after settlement; null until left.")
            .Resolve(ctx => ctx.Source.ProviderRating is { } rating ? new Feedback(rating, ctx.Source.ProviderFeedback ?? "") : null);
        Field<FeedbackType>("receiverFeedback").Description("The receiver's feedback after settlement; null until left.")
            .Resolve(ctx => ctx.Source.ReceiverRating is { } rating ? new Feedback(rating, ctx.Source.ReceiverFeedback ?? "") : null);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<ExchangeTransitionType>>>>("timeline")
            .Description("Every step, oldest first, with who took it and for whom.")
            .Resolve(ctx => ctx.LoadTimeline(ctx.Source.Id))
            .MaxItems(ListBounds.ExchangeSteps);
        this.AddGroupExchangeField();
    }
}

/// <summary>One side's feedback on a settled exchange.</summary>
public sealed record Feedback(int Rating, string Note);

public sealed class FeedbackType : ObjectGraphType<Feedback>
{
    public FeedbackType()
    {
        Name = "ExchangeFeedback";
        Description = "Thanks and a rating one side left after settlement.";
        Field(f => f.Rating).Description("1 (poor) to 5 (excellent).");
        Field(f => f.Note).Description("A thank-you note; may be empty.");
    }
}

public sealed class ExchangeTransitionType : ObjectGraphType<ExchangeTransition>
{
    public ExchangeTransitionType()
    {
        Name = "ExchangeTransition";
        Description = "One step of an exchange's timeline.";
        Field<ExchangeStatusType>("fromStatus").Description("The status before; null for the step that created it.").Resolve(ctx => ctx.Source.FromStatus);
        Field<NonNullGraphType<ExchangeStatusType>>("toStatus").Description("The status after.").Resolve(ctx => ctx.Source.ToStatus);
        Field(t => t.Action).Description("The step: request, offer, propose, record, accept, decline, cancel, complete, acknowledge, dispute, resolve, feedback or auto-acknowledge.");
        Field<IdGraphType>("actorUserId").Description("The user who took the step (the global ID of a User); null when the system did.")
            .Resolve(ctx => ctx.Source.ActorUserId is { } id ? GlobalId.Encode("User", id) : null);
        Field<MemberType>("principal").Description("The member on whose behalf it was taken; differs from the actor when a coordinator acted for them.")
            .Resolve(ctx => ctx.Source.PrincipalMemberId is { } id ? ctx.LoadMember(id) : DataLoaderResults.FromValue<Member?>(null));
        Field<NonNullGraphType<BooleanGraphType>>("bySystem").Description("True when the system took the step (auto-acknowledge).")
            .Resolve(ctx => ctx.Source.ActorUserId is null);
        Field(t => t.Minutes, nullable: true).Description("The minutes the step stated, if any.");
        Field(t => t.Note, nullable: true).Description("The note or reason given, if any.");
        Field<NonNullGraphType<DateTimeGraphType>>("at").Description("When (UTC).").Resolve(ctx => ctx.Source.At);
    }
}

public sealed class ExchangePayload : TimeBank.GraphQL.Mutations.Payload
{
    public Exchange? Exchange { get; init; }
}

public sealed class ExchangePayloadType : TimeBank.GraphQL.Mutations.PayloadType<ExchangePayload>
{
    public ExchangePayloadType()
    {
        Name = "ExchangePayload";
        Description = "The result of a mutation that starts or moves an exchange.";
        Field<ExchangeType>("exchange").Description("The exchange as it is now; null when there are errors.").Resolve(ctx => ctx.Source.Exchange);
    }
}
