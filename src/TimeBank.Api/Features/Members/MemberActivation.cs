using System.Globalization;
using Microsoft.EntityFrameworkCore;
using TimeBank.Api.Data;
using TimeBank.Api.Data.Entities;
using TimeBank.Ledger.Model;
using TimeBank.Ledger.Writes;

namespace TimeBank.Api.Features.Members;

/// <summary>
/// Makes a membership active: opens the member's account with the policy's limits and posts the
/// joining grant. Each ledger write commits together with the member's record of it, so running this
/// again (a retry, or after a crash between the two) completes what is missing and never doubles anything.
/// </summary>
public static class MemberActivation
{
    public static async Task ActivateAsync(
        TimeBankDbContext db, Member member, Community community, CommunityPolicy policy, Caller caller,
        LedgerWriter<TimeBankDbContext> ledger, TimeProvider clock, CancellationToken ct)
    {
        var id = member.Id.ToString(CultureInfo.InvariantCulture);
        var cause = new LedgerCause("member", id);
        var accountId = member.AccountId;
        if (accountId is null)
        {
            var opened = await ledger.SubmitAsync(
                new OpenAccount(community.LedgerGroup, $"member-{id}", AccountKind.Member, policy.FloorMinutes, policy.CeilingMinutes)
                {
                    IdempotencyKey = $"member:{id}:account",
                    ActorId = caller.LedgerActor,
                    PrincipalId = $"member:{id}",
                    Cause = cause,
                    PolicyVersion = policy.Version,
                },
                async (tx, result, token) =>
                {
                    var tracked = await tx.Members.FindAsync([member.Id], token) ?? throw new InvalidOperationException("member vanished");
                    tracked.AccountId = result.AccountId;
                    MemberTransition.Record(tx, tracked, MemberStatus.Active, caller, "approved", clock);
                },
                ct);
            accountId = opened.Succeeded ? opened.AccountId : throw new InvalidOperationException($"Opening member account {id} failed: {opened.Status}");
        }
        else if (member.Status != MemberStatus.Active)
        {
            // Someone who left and came back keeps their account (and its history): only the status changes.
            var tracked = await db.Members.SingleAsync(m => m.Id == member.Id, ct);
            MemberTransition.Record(db, tracked, MemberStatus.Active, caller, "approved", clock);
            await db.SaveChangesAsync(ct);
        }

        if (policy.JoiningGrantMinutes > 0 && member.JoiningGrantEntrySequence is null)
        {
            var grant = await ledger.SubmitAsync(
                new Transfer(EntryKind.Grant,
                [
                    PostingLine.Debit(community.IssuanceAccountId, policy.JoiningGrantMinutes),
                    PostingLine.Credit(accountId!.Value, policy.JoiningGrantMinutes),
                ])
                {
                    IdempotencyKey = $"member:{id}:joining-grant",
                    ActorId = caller.LedgerActor,
                    PrincipalId = $"member:{id}",
                    Cause = cause,
                    Memo = "joining grant",
                    PolicyVersion = policy.Version,
                },
                async (tx, result, token) =>
                {
                    var tracked = await tx.Members.FindAsync([member.Id], token) ?? throw new InvalidOperationException("member vanished");
                    tracked.JoiningGrantEntrySequence = result.EntrySequence;
                },
                ct);
            if (!grant.Succeeded)
            {
                throw new InvalidOperationException($"Posting the joining grant of member {id} failed: {grant.Status}");
            }
        }
    }
}
