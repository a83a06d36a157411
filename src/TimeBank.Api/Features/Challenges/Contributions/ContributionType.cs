using GraphQL.Types;
using TimeBank.Api.Data.Entities;
using TimeBank.Api.Features.Communities;
using TimeBank.Api.Features.Listings;
using TimeBank.Api.Features.Members;
using TimeBank.GraphQL.DataLoader;
using TimeBank.GraphQL.Mutations;
using TimeBank.GraphQL.Relay;

namespace TimeBank.Api.Features.Challenges.Contributions;

/// <summary>The <c>Contribution</c> type, seen through its challenge by those who see the challenge.</summary>
public sealed class ContributionType : ObjectGraphType<ChallengeContribution>
{
    public ContributionType()
    {
        Name = "Contribution";
        Description = "Minutes a member worked on a challenge: logged, then verified (and paid from the pool) or rejected.";
        Field<NonNullGraphType<IdGraphType>>("id").Description("The contribution's ID, for verifyContribution and rejectContribution.")
            .Resolve(ctx => GlobalId.Encode("Contribution", ctx.Source.Id));
        Field<NonNullGraphType<MemberType>>("contributor").Description("The member who did the work and is paid for it.")
            .Resolve(ctx => ctx.LoadMember(ctx.Source.ContributorMemberId).Then(m => m!));
        Field<NonNullGraphType<CategoryType>>("category").Description("What kind of work it was.")
            .Resolve(ctx => ctx.LoadCategory(ctx.Source.CategoryId).Then(c => c!));
        Field<NonNullGraphType<IntGraphType>>("minutes").Description("The minutes worked.").Resolve(ctx => ctx.Source.Minutes);
        Field<NonNullGraphType<FloatGraphType>>("hours").Description("The minutes worked in hours, for display.").Resolve(ctx => ctx.Source.Minutes / 60.0);
        Field(c => c.Note, nullable: true).Description("What was done, in the contributor's words; null when nothing was said.");
        Field<NonNullGraphType<ContributionStatusType>>("status").Description("LOGGED, VERIFIED or REJECTED.").Resolve(ctx => ctx.Source.Status);
        Field(c => c.DecisionReason, nullable: true).Description("Why it was rejected; null unless REJECTED.");
        Field<NonNullGraphType<BooleanGraphType>>("loggedOnBehalf").Description("True when a coordinator logged it for the contributor.")
            .Resolve(ctx => ctx.LoadMember(ctx.Source.ContributorMemberId).Then(m => m!.UserId != ctx.Source.LoggedByUserId));
        Field<LongGraphType>("paymentEntrySequence").Description("The ledger entry that paid it from the pool; null unless VERIFIED.")
            .Resolve(ctx => ctx.Source.PaymentEntrySequence);
        Field<NonNullGraphType<DateTimeGraphType>>("createdAt").Description("When it was logged (UTC).").Resolve(ctx => ctx.Source.CreatedAt);
        Field<DateTimeGraphType>("decidedAt").Description("When it was verified or rejected (UTC); null while LOGGED.").Resolve(ctx => ctx.Source.DecidedAt);
    }
}

public sealed class ContributionStatusType : EnumerationGraphType<ContributionStatus>
{
    public ContributionStatusType()
    {
        Name = "ContributionStatus";
        Description = "Where a logged contribution stands.";
        Describe(ContributionStatus.Logged, "Logged by or for the contributor; waiting for the lead or a coordinator.");
        Describe(ContributionStatus.Verified, "Verified: the pool paid the contributor its minutes (CONTRIBUTION entry); final.");
        Describe(ContributionStatus.Rejected, "Rejected with a reason; nothing was paid; final.");
    }

    private void Describe(ContributionStatus status, string description) => Values.Single(v => Equals(v.Value, status)).Description = description;
}

public sealed class ContributionPayload : Payload
{
    public ChallengeContribution? Contribution { get; init; }
}

public sealed class ContributionPayloadType : PayloadType<ContributionPayload>
{
    public ContributionPayloadType()
    {
        Name = "ContributionPayload";
        Description = "The result of a mutation that logs, verifies or rejects a contribution.";
        Field<ContributionType>("contribution").Description("The contribution as it is now; null when there are errors.").Resolve(ctx => ctx.Source.Contribution);
    }
}
