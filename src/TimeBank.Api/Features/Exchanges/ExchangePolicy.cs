using Microsoft.EntityFrameworkCore;
using TimeBank.Api.Data;
using TimeBank.Api.Data.Entities;

namespace TimeBank.Api.Features.Exchanges;

/// <summary>The community policy in force, as exchanges read it.</summary>
public static class ExchangePolicy
{
    public static Task<CommunityPolicy> CurrentAsync(TimeBankDbContext db, long communityId, CancellationToken ct) =>
        db.CommunityPolicies.AsNoTracking()
            .SingleAsync(p => p.CommunityId == communityId && db.Communities.Any(c => c.Id == communityId && c.PolicyVersion == p.Version), ct);
}
