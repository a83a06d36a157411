using FluentValidation;
using GraphQL.Types;
using Microsoft.EntityFrameworkCore;
using TimeBank.Api.Data;
using TimeBank.Api.Data.Entities;
using TimeBank.Api.Features.Members;
using TimeBank.Api.Schema;
using TimeBank.GraphQL.Mutations;

namespace TimeBank.Api.Features.Matching;

/// <summary>Input of <c>dismissMatch</c>.</summary>
public sealed record DismissMatchInput(long MatchId);

public sealed class DismissMatchInputValidator : AbstractValidator<DismissMatchInput>;

public sealed class DismissMatchInputType : InputObjectGraphType<DismissMatchInput>
{
    public DismissMatchInputType()
    {
        Name = "DismissMatchInput";
        Description = "The match to dismiss.";
        this.IdField("matchId", "Match", "The match.");
    }
}

/// <summary>
/// An owner dismisses a match for themselves: it leaves their myMatches and is never pushed to them
/// again, even when a later change of either listing scores the pair anew. The other owner still sees it.
/// </summary>
public static class DismissMatch
{
    private static readonly DismissMatchInputValidator Validator = new();

    public static void AddDismissMatch(this ObjectGraphType mutation) =>
        mutation.Mutation<DismissMatchInputType, MatchPayloadType>("dismissMatch",
                "Dismisses one of your matches, for you only; a retry succeeds again.",
                [ErrorCode.Unauthenticated, ErrorCode.Forbidden, ErrorCode.NotFound])
            .ResolveAsync(async ctx => await ctx.RunAsync(Validator,
                (input, db) => ExecuteAsync(input, ctx.Caller(), db, ctx.Service<TimeProvider>(), ctx.CancellationToken),
                match => new MatchPayload { Match = match }));

    public static async Task<Outcome<Match>> ExecuteAsync(DismissMatchInput input, Caller caller, TimeBankDbContext db, TimeProvider clock, CancellationToken ct)
    {
        if (caller.RefuseAnonymous("Log in to dismiss a match.") is { } anonymous)
        {
            return anonymous;
        }
        var userId = caller.UserId!.Value;
        // Only the two owners know a match exists; anyone else is told there is none.
        var match = await db.Matches.SingleOrDefaultAsync(m => m.Id == input.MatchId && (m.OfferUserId == userId || m.RequestUserId == userId), ct);
        if (match is null)
        {
            return new Failure(ErrorCode.NotFound, "No such match.", "matchId");
        }
        // A dismissal is the owner's own, but it is a write in the community: its auditors make none.
        if ((await CommunityRoles.LoadAsync(db, match.CommunityId, caller, ct)).AuditorRefusal is { } auditor)
        {
            return auditor;
        }
        var now = clock.GetUtcNow().UtcDateTime;
        if (match.OfferUserId == userId)
        {
            match.OfferDismissedAt ??= now;
        }
        else
        {
            match.RequestDismissedAt ??= now;
        }
        await db.SaveChangesAsync(ct);
        return match;
    }
}
