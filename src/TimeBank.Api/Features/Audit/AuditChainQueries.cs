using GraphQL;
using GraphQL.Types;
using Microsoft.EntityFrameworkCore;
using TimeBank.Api.Features.Members;
using TimeBank.Api.Schema;

namespace TimeBank.Api.Features.Audit;

/// <summary>The ledger proofs of the auditor workbench: <c>reconcile</c> and <c>verifyChain</c>.</summary>
public static class AuditChainQueries
{
    public static void AddChainQueries(this ObjectGraphType query)
    {
        query.AddReconcile();
        query.AddVerifyChain();
    }

    /// <summary>
    /// The community's ledger group, for its auditors and coordinators (and deployment admins). A member gets FORBIDDEN,
    /// anyone outside the community NOT_FOUND (as for a community that does not exist), an anonymous caller UNAUTHENTICATED.
    /// </summary>
    internal static async Task<string> LedgerGroupForAuditAsync(this IResolveFieldContext ctx, long communityId, string what)
    {
        _ = ctx.SignedInUserId($"Log in to see {what}.");
        await using var db = await ctx.CreateDbContextAsync();
        var roles = await CommunityRoles.LoadAsync(db, communityId, ctx.Caller(), ctx.CancellationToken);
        if (!roles.IsCoordinator && !roles.IsAuditor)
        {
            throw new QueryError(roles.Refuse("No such community.", "communityId", $"Only auditors and coordinators see {what}."));
        }
        return await db.Communities.AsNoTracking().Where(c => c.Id == communityId).Select(c => c.LedgerGroup).SingleOrDefaultAsync(ctx.CancellationToken)
            ?? throw new QueryError(ErrorCode.NotFound, "No such community.");
    }
}
