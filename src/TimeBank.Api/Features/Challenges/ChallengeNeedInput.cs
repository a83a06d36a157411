using GraphQL.Types;
using Microsoft.EntityFrameworkCore;
using TimeBank.Api.Data;
using TimeBank.Api.Data.Entities;
using TimeBank.Api.Schema;

namespace TimeBank.Api.Features.Challenges;

/// <summary>How many minutes of one category a challenge needs, as a client states it.</summary>
public sealed record ChallengeNeedInput(long CategoryId, int Minutes);

public sealed class ChallengeNeedInputType : InputObjectGraphType<ChallengeNeedInput>
{
    public ChallengeNeedInputType()
    {
        Name = "ChallengeNeedInput";
        Description = "Minutes of one category a challenge needs.";
        this.IdField("categoryId", "Category", "A category of the community's taxonomy, not archived.");
        Field(i => i.Minutes).Description($"The minutes needed, 1 to {ChallengeRules.MaxNeedMinutes}.");
    }
}

/// <summary>Turns stated needs into rows, once their categories are known to be the community's own.</summary>
public static class ChallengeNeedRows
{
    /// <summary>The needs as rows of <paramref name="challengeId"/>, or INVALID_INPUT when a category is not the community's or is archived.</summary>
    public static async Task<Outcome<List<ChallengeNeed>>> CheckAsync(
        TimeBankDbContext db, long communityId, long challengeId, IReadOnlyList<ChallengeNeedInput> needs, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(needs);
        var ids = needs.Select(n => n.CategoryId).ToList();
        var known = await db.Categories.AsNoTracking().Where(c => ids.Contains(c.Id) && c.CommunityId == communityId && !c.IsArchived)
            .CountAsync(ct);
        if (known != ids.Count)
        {
            return new Failure(ErrorCode.InvalidInput, "Each need names a category of this community that is not archived.", "needs");
        }
        return needs.Select(n => new ChallengeNeed { ChallengeId = challengeId, CategoryId = n.CategoryId, Minutes = n.Minutes }).ToList();
    }
}
