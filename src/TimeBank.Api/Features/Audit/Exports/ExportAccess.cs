using Microsoft.EntityFrameworkCore;
using TimeBank.Api.Data;
using TimeBank.Api.Data.Entities;
using TimeBank.Api.Features.Members;
using TimeBank.Api.Schema;
using TimeBank.GraphQL.Relay;

namespace TimeBank.Api.Features.Audit.Exports;

/// <summary>
/// Who may download a community's ledger: its auditors and coordinators (and deployment admins), with a bearer token.
/// The community is named by its GraphQL global id, as every other API call names it. Anyone else is answered as the
/// GraphQL by-id lookups answer: a caller outside the community is told it does not exist, so ids cannot be probed.
/// </summary>
internal static class ExportAccess
{
    /// <summary>The community the caller may export, or null once a refusal has been written.</summary>
    public static async Task<Community?> AuthorizeAsync(HttpContext http, TimeBankDbContext db, string communityId)
    {
        var caller = Caller.From(http.User);
        if (!caller.IsAuthenticated)
        {
            // No token at all (an invalid one was already refused by UseTimeBankAuthentication, with the same challenge).
            http.Response.Headers.WWWAuthenticate = "Bearer";
            await ExportErrors.WriteAsync(http, StatusCodes.Status401Unauthorized, ErrorCode.Unauthenticated,
                "Exports need an access token: send it as Authorization: Bearer <token>.");
            return null;
        }
        var community = GlobalId.TryDecode<long>(communityId, "Community", out var id)
            ? await db.Communities.AsNoTracking().SingleOrDefaultAsync(c => c.Id == id, http.RequestAborted)
            : null;
        var roles = community is null ? null : await CommunityRoles.LoadAsync(db, community.Id, caller, http.RequestAborted);
        if (community is null || roles is null || (roles.Membership is null && !caller.IsAdmin))
        {
            await ExportErrors.WriteAsync(http, StatusCodes.Status404NotFound, ErrorCode.NotFound, "No community with that id.");
            return null;
        }
        if (!roles.IsAuditor && !roles.IsCoordinator)
        {
            await ExportErrors.WriteAsync(http, StatusCodes.Status403Forbidden, ErrorCode.Forbidden,
                "Only the community's auditors and coordinators may export its ledger.");
            return null;
        }
        return community;
    }
}
