using GraphQL;
using GraphQL.Types;
using Microsoft.EntityFrameworkCore;
using TimeBank.Api.Data;
using TimeBank.Api.Data.Entities;
using TimeBank.Api.Features.Members;
using TimeBank.Api.Schema;
using TimeBank.GraphQL.Connections;
using TimeBank.GraphQL.Relay;

namespace TimeBank.Api.Features.Audit;

/// <summary>The filter of <c>auditTrail</c>: every given criterion must hold.</summary>
public sealed record AuditTrailFilter(List<string>? Actions = null, long? Actor = null, DateTime? From = null, DateTime? To = null);

public sealed class AuditTrailFilterType : InputObjectGraphType<AuditTrailFilter>
{
    /// <summary>The most actions one filter names.</summary>
    public const int MaxActions = 20;

    public AuditTrailFilterType()
    {
        Name = "AuditTrailFilter";
        Description = "Narrows the audit trail; every given criterion must hold.";
        Field<ListGraphType<NonNullGraphType<StringGraphType>>>("actions")
            .Description($"Only these actions (e.g. member.suspend, entry.reverse); at most {MaxActions}, each up to {AuditRecord.ActionLength} characters.")
            .MaxLength(AuditRecord.ActionLength, MaxActions);
        this.IdFieldOptional("actor", "User", "Only acts of this user.");
        Field<DateTimeGraphType>("from").Description("Only acts recorded at or after this time.");
        Field<DateTimeGraphType>("to").Description("Only acts recorded before this time.");
    }
}

/// <summary><c>auditTrail</c>: the administrative acts of one community, newest first, for its coordinators and auditors.</summary>
public static class AuditTrailQuery
{
    private static readonly KeysetOrder<AuditRecord> Newest = new KeysetOrder<AuditRecord>().By(r => r.Id, descending: true);

    public static void AddAuditTrail(this ObjectGraphType query) =>
        query.Field<NonNullGraphType<ConnectionType<AuditRecordType>>>("auditTrail")
            .Description("The community's administrative acts, newest first: who did what, for whom, when, and what changed. For its coordinators and auditors; NOT_FOUND for anyone outside it.")
            .Argument<NonNullGraphType<IdGraphType>>("communityId", "The community.", a => a.IdOf<long>("Community"))
            .Argument<AuditTrailFilterType>("filter", "Narrows the list.")
            .PageArguments()
            .ResolveAsync(async ctx =>
            {
                var communityId = ctx.GetId<long>("communityId", "Community");
                var filter = ctx.GetArgument<AuditTrailFilter?>("filter") ?? new AuditTrailFilter();
                var page = ctx.GetPageRequest();
                // Validation first: the page and its cursors are judged on an empty list before who may read is looked at.
                await Array.Empty<AuditRecord>().ToConnectionAsync(Newest, page);
                await using var db = await ctx.CreateDbContextAsync();
                await RefuseUnlessAuditorOrCoordinatorAsync(db, communityId, ctx.Caller(), "the audit trail", ctx.CancellationToken);
                var records = Apply(db.AuditRecords.AsNoTracking().Where(r => r.CommunityId == communityId), filter);
                return await records.ToConnectionAsync(Newest, page, ctx.CancellationToken, (q, ct) => q.CountAsync(ct));
            });

    /// <summary>
    /// Throws the refusal of someone who is neither an auditor nor a coordinator of the community: anonymous callers are
    /// asked to log in, people outside it are told it does not exist, its other members that they may not.
    /// </summary>
    public static async Task RefuseUnlessAuditorOrCoordinatorAsync(TimeBankDbContext db, long communityId, Caller caller, string what, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(caller);
        if (caller.RefuseAnonymous($"Log in to read {what}.") is { } anonymous)
        {
            throw new QueryError(anonymous);
        }
        var roles = await CommunityRoles.LoadAsync(db, communityId, caller, ct);
        if (!(roles.IsAuditor || roles.IsCoordinator))
        {
            throw new QueryError(roles.Refuse("No such community.", "communityId", $"Only the community's auditors and coordinators read {what}."));
        }
    }

    private static IQueryable<AuditRecord> Apply(IQueryable<AuditRecord> records, AuditTrailFilter filter)
    {
        if (filter.Actions is { Count: > 0 } actions)
        {
            records = records.Where(r => actions.Contains(r.Action));
        }
        if (filter.Actor is { } actor)
        {
            records = records.Where(r => r.ActorUserId == actor);
        }
        if (filter.From is { } from)
        {
            records = records.Where(r => r.RecordedAt >= from);
        }
        if (filter.To is { } to)
        {
            records = records.Where(r => r.RecordedAt < to);
        }
        return records;
    }
}
