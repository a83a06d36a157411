using GraphQL.Types;
using TimeBank.Api.Schema;
using TimeBank.GraphQL.Limits;
using TimeBank.GraphQL.Relay;
using TimeBank.Ledger.Reads;

namespace TimeBank.Api.Features.Audit;

/// <summary><c>periodCloses</c>: the closed periods of a community's books, for its auditors and coordinators.</summary>
public static class PeriodClosesQuery
{
    /// <summary>The most closes one answer lists; a community closing monthly reaches it after 40 years.</summary>
    public const int MaxCloses = 500;

    public static void AddPeriodCloses(this ObjectGraphType query) =>
        query.Field<NonNullGraphType<ListGraphType<NonNullGraphType<PeriodCloseType>>>>("periodCloses")
            .Description($"The community's closed periods, oldest first (at most {MaxCloses}). For its auditors and coordinators; NOT_FOUND for anyone outside it.")
            .Argument<NonNullGraphType<IdGraphType>>("communityId", "The community.", a => a.IdOf<long>("Community"))
            .ResolveAsync(async ctx =>
            {
                var communityId = ctx.GetId<long>("communityId", "Community");
                await using var db = await ctx.CreateDbContextAsync();
                await AuditTrailQuery.RefuseUnlessAuditorOrCoordinatorAsync(db, communityId, ctx.Caller(), "the closed periods", ctx.CancellationToken);
                var community = await ctx.CommunityLedgerAsync(db, communityId);
                var closes = await db.ListPeriodClosesAsync(community.LedgerGroup, ctx.CancellationToken);
                return closes.Take(MaxCloses);
            })
            .FieldType.MaxItems(MaxCloses);
}
