using System.Globalization;
using Microsoft.EntityFrameworkCore;
using TimeBank.Api.Data;
using TimeBank.Api.Data.Entities;

namespace TimeBank.Api.Features.Members;

/// <summary>
/// What erasing a member overwrites in the time bank's own tables (the ledger erases its memos itself): the
/// profile, the reasons given for their status changes (and the audit trail's copies), their listings (closed, and out of the search index),
/// the matches those listings made, every free text of the exchanges they took part in (whoever wrote it: it
/// describes them) and of the group exchanges they gave, the events waiting only for them, and the login once no membership of theirs keeps personal
/// data. Runs inside the transaction of the ledger's erasure; the caller's ledger write saves the tracked changes.
/// </summary>
internal static class MemberErasureScrub
{
    public const string ErasedListingTitle = "Erased listing";

    public static async Task ScrubAsync(TimeBankDbContext tx, long memberId, Caller caller, TimeProvider clock, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var member = await tx.Members.Include(m => m.Skills).SingleAsync(m => m.Id == memberId, ct);
        await tx.MembershipChanges.Where(c => c.MemberId == memberId && c.Reason != null)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.Reason, (string?)null), ct);
        // The same reasons are in the audit trail, whose triggers allow this one change.
        await tx.AuditRecords.Where(r => r.PrincipalMemberId == memberId && r.Reason != null)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.Reason, (string?)null), ct);
        member.DisplayName = "Erased member " + member.Id.ToString(CultureInfo.InvariantCulture);
        member.Bio = member.Neighbourhood = member.Availability = null;
        member.Skills.Clear();
        member.ErasedAt = now;
        if (member.Status != MemberStatus.Left)
        {
            MemberTransition.Record(tx, member, MemberStatus.Left, caller, "erased", clock);
        }

        var listings = tx.Listings.Where(l => l.OwnerMemberId == memberId);
        await tx.Matches.Where(m => listings.Any(l => l.Id == m.OfferListingId || l.Id == m.RequestListingId)).ExecuteDeleteAsync(ct);
        // Updating the text fires the search index's trigger, which (with FTS5 secure-delete) removes the old words.
        await listings.ExecuteUpdateAsync(s => s
            .SetProperty(l => l.Title, ErasedListingTitle).SetProperty(l => l.Description, "").SetProperty(l => l.Tags, "")
            .SetProperty(l => l.Neighbourhood, (string?)null).SetProperty(l => l.Status, ListingStatus.Closed)
            .SetProperty(l => l.UpdatedAt, now).SetProperty(l => l.UpdatedByUserId, caller.UserId!.Value), ct);

        var exchanges = tx.Exchanges.Where(e => e.ProviderMemberId == memberId || e.ReceiverMemberId == memberId);
        await tx.ExchangeTransitions.Where(t => t.Note != null && exchanges.Any(e => e.Id == t.ExchangeId))
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.Note, (string?)null), ct);
        // The version moves on, so a step racing with the erasure fails its check instead of writing old text back.
        await exchanges.ExecuteUpdateAsync(s => s
            .SetProperty(e => e.Description, "").SetProperty(e => e.CompletionNote, (string?)null).SetProperty(e => e.DisputeReason, (string?)null)
            .SetProperty(e => e.ProviderFeedback, (string?)null).SetProperty(e => e.ReceiverFeedback, (string?)null)
            .SetProperty(e => e.UpdatedAt, now).SetProperty(e => e.Version, e => e.Version + 1), ct);

        // A contribution's note describes the work of its contributor; a rejection's reason judges it.
        await tx.ChallengeContributions.Where(c => c.ContributorMemberId == memberId && (c.Note != null || c.DecisionReason != null))
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.Note, (string?)null).SetProperty(c => c.DecisionReason, (string?)null)
                .SetProperty(c => c.Version, c => c.Version + 1), ct);

        // The group exchanges she gave: their description and completion note are her words, and the retry key is hers too.
        await tx.GroupExchanges.Where(g => g.ProviderMemberId == memberId).ExecuteUpdateAsync(s => s
            .SetProperty(g => g.Description, "").SetProperty(g => g.CompletionNote, (string?)null).SetProperty(g => g.ClientKey, (string?)null)
            .SetProperty(g => g.UpdatedAt, now).SetProperty(g => g.Version, g => g.Version + 1), ct);

        var audience = member.UserId.ToString(CultureInfo.InvariantCulture);
        await tx.Outbox.Where(o => o.Audience == audience).ExecuteDeleteAsync(ct);

        // The login goes too once none of the user's memberships keeps personal data.
        if (!await tx.Members.AnyAsync(m => m.UserId == member.UserId && m.Id != member.Id && m.ErasedAt == null, ct))
        {
            var user = await tx.Users.SingleAsync(u => u.Id == member.UserId, ct);
            user.Email = null;
            user.PasswordHash = null;
            user.ExternalSubject = null;
            user.ErasedAt = now;
            await tx.RefreshTokens.Where(t => t.UserId == user.Id && t.RevokedAt == null)
                .ExecuteUpdateAsync(s => s.SetProperty(t => t.RevokedAt, now), ct);
        }
    }
}
