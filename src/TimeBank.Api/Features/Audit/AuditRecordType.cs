using GraphQL.Types;
using Microsoft.EntityFrameworkCore;
using TimeBank.Api.Data;
using TimeBank.Api.Data.Entities;
using TimeBank.Api.Features.Members;
using TimeBank.Api.Schema;
using TimeBank.GraphQL.DataLoader;
using TimeBank.GraphQL.Relay;

namespace TimeBank.Api.Features.Audit;

/// <summary>The <c>AuditRecord</c> type: one administrative act, seen by the community's coordinators and auditors.</summary>
public sealed class AuditRecordType : ObjectGraphType<AuditRecord>
{
    /// <summary>The GraphQL type whose global id names each kind of subject.</summary>
    private static readonly Dictionary<string, string> SubjectTypeNames = new()
    {
        [AuditActions.Subjects.Member] = "Member",
        [AuditActions.Subjects.Community] = "Community",
        [AuditActions.Subjects.Category] = "Category",
        [AuditActions.Subjects.Account] = "Account",
        [AuditActions.Subjects.Exchange] = "Exchange",
        [AuditActions.Subjects.Entry] = "LedgerEntry",
        [AuditActions.Subjects.Period] = "PeriodClose",
        [AuditActions.Subjects.Challenge] = "Challenge",
        [AuditActions.Subjects.Contribution] = "Contribution",
    };

    /// <summary>Records by id, only those the caller may see (<c>node(id:)</c>).</summary>
    public static BatchFetch<long, AuditRecord> VisibleTo(IDbContextFactory<TimeBankDbContext> contexts, Caller caller) =>
        contexts.VisibleTo(caller,
            (db, ids) => db.AuditRecords.AsNoTracking().Where(r => ids.Contains(r.Id) && r.CommunityId != null), r => r.Id, r => r.CommunityId!.Value,
            (roles, _) => roles.IsCoordinator || roles.IsAuditor);

    public AuditRecordType(IDbContextFactory<TimeBankDbContext> contexts)
    {
        Name = "AuditRecord";
        Description = "One administrative act (an approval, a suspension, a role or policy change, a correction, a period close, a step taken on someone's behalf...), written with the act and never changed.";
        this.IsNode(r => r.Id, context => VisibleTo(contexts, context.Caller()));
        Field(r => r.Action).Description(
            "What was done: member.approve, member.decline, member.suspend, member.reinstate, member.remove, member.roles, member.erase, community.policy, " +
            "account.limits, category.add, category.update, entry.reverse, period.close, exchange.resolve, exchange.<step>.on-behalf, " +
            "challenge.approve, challenge.decline, challenge.close, challenge.lead, challenge.propose.on-behalf, challenge.from-needs, challenge.grant, challenge.donate.on-behalf, contribution.verify or contribution.reject.");
        Field<NonNullGraphType<IdGraphType>>("actorUserId").Description("The user who did it (the global ID of a User).")
            .Resolve(ctx => GlobalId.Encode("User", ctx.Source.ActorUserId));
        Field<MemberType>("principal").Description("The member it was done for or to; null when it concerns no one member (a policy, a correction, a period close).")
            .Resolve(ctx => ctx.Source.PrincipalMemberId is { } id ? ctx.LoadMember(id) : DataLoaderResults.FromValue<Member?>(null));
        Field(r => r.SubjectType).Description("The kind of thing acted on: member, community, category, account, exchange, entry, period, challenge or contribution.");
        Field<NonNullGraphType<IdGraphType>>("subjectId").Description(
                "The global ID of the thing acted on (a Member, Community, Category, Account, Exchange, LedgerEntry, PeriodClose, Challenge or Contribution).")
            .Resolve(ctx => GlobalId.Encode(SubjectTypeNames.GetValueOrDefault(ctx.Source.SubjectType, ctx.Source.SubjectType), ctx.Source.SubjectId));
        Field(r => r.Reason, nullable: true).Description("Why, as the actor said; null when none was given, or once erased with the member's personal data.");
        Field<StringGraphType>("before").Description("What the act changed, as it was before: a small JSON object; null when the act created the thing.")
            .Resolve(ctx => ctx.Source.BeforeJson);
        Field<StringGraphType>("after").Description("What the act changed, as it was after: a small JSON object; null when nothing is left to show (an erasure).")
            .Resolve(ctx => ctx.Source.AfterJson);
        Field<NonNullGraphType<DateTimeGraphType>>("recordedAt").Description("When it was done (UTC).").Resolve(ctx => ctx.Source.RecordedAt);
    }
}
