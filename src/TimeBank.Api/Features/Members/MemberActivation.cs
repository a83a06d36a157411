using System.Globalization;
using Microsoft.EntityFrameworkCore;
using TimeBank.Api.Data;
using TimeBank.Api.Data.Entities;
using TimeBank.Api.Events;
using TimeBank.Api.Features.Accounts;
using TimeBank.Api.Features.Audit;
using TimeBank.Ledger.Model;
using TimeBank.Ledger.Writes;

namespace TimeBank.Api.Features.Members;

/// <summary>
/// Makes a membership active: opens the member's account with the policy's limits and posts the
/// joining grant. Each ledger write commits together with the member's record of it, so running this
/// again (a retry, or after a crash between the two) completes what is missing and never doubles anything.
/// </summary>
/// <remarks>
/// Two coordinators approving at once both reach the ledger with the same keys; the ledger accepts the
/// first and calls the second an idempotency conflict (its actor differs). That is a lost race, not a
/// failure: the loser reads the member again and finds the account and the grant the winner wrote.
/// </remarks>
public static class MemberActivation
{
    /// <returns>Whether the member is active now; false when the application was declined or withdrawn meanwhile.</returns>
    public static async Task<bool> ActivateAsync(
        TimeBankDbContext db, Member member, Community community, CommunityPolicy policy, Caller caller,
        LedgerWriter<TimeBankDbContext> ledger, TimeProvider clock, CancellationToken ct)
    {
        var id = member.Id.ToString(CultureInfo.InvariantCulture);
        var cause = LedgerVocabulary.MemberCause(member.Id);
        // Joining a community that needs no approval activates one's own membership: no administrative act.
        var audited = member.UserId != caller.UserId;
        if (member.AccountId is null)
        {
            var opened = await ledger.SubmitAsync(
                new OpenAccount(community.LedgerGroup, LedgerVocabulary.MemberAccountCode(member.Id), AccountKind.Member, policy.FloorMinutes, policy.CeilingMinutes)
                {
                    IdempotencyKey = LedgerVocabulary.MemberAccountKey(member.Id),
                    ActorId = caller.LedgerActor,
                    PrincipalId = LedgerVocabulary.Member(member.Id),
                    Cause = cause,
                    PolicyVersion = policy.Version,
                },
                async (tx, result, token) =>
                {
                    var tracked = await tx.Members.FindAsync([member.Id], token) ?? throw new InvalidOperationException("member vanished");
                    tracked.AccountId = result.AccountId;
                    // Declined or withdrawn meanwhile: the account opens (at zero) but the status stays as it is.
                    if (tracked.Status == MemberStatus.Applied)
                    {
                        if (audited)
                        {
                            AuditTrail.For(tx, clock).Add(MemberTransition.StatusAct(AuditActions.MemberApprove, tracked, MemberStatus.Active, null), caller.UserId!.Value);
                        }
                        MemberTransition.Record(tx, tracked, MemberStatus.Active, caller, "approved", clock);
                    }
                },
                ct);
            if (!opened.Succeeded && (opened.Status != LedgerStatus.IdempotencyConflict || await ReadAsync(db, member.Id, ct) is not { AccountId: not null }))
            {
                throw new InvalidOperationException($"Opening member account {id} failed: {opened.Status}");
            }
        }
        else if (member.Status != MemberStatus.Active)
        {
            // Someone who left and came back keeps their account (and its history): only the status changes.
            await MemberTransition.TryMoveAsync(db, member, MemberStatus.Active, caller, "approved", audited ? AuditActions.MemberApprove : null, clock, ct);
        }

        var current = await ReadAsync(db, member.Id, ct);
        if (current.Status != MemberStatus.Active)
        {
            return false;
        }
        if (policy.JoiningGrantMinutes > 0 && current.JoiningGrantEntrySequence is null)
        {
            // Through the prepared statements, as every write of an entry, so the entry's ledgerEntryPosted event goes with it.
            var grant = await PreparedStatements.SubmitAsync(ledger,
                new Transfer(EntryKind.Grant,
                [
                    PostingLine.Debit(community.IssuanceAccountId, policy.JoiningGrantMinutes),
                    PostingLine.Credit(current.AccountId!.Value, policy.JoiningGrantMinutes),
                ])
                {
                    IdempotencyKey = LedgerVocabulary.JoiningGrantKey(member.Id),
                    ActorId = caller.LedgerActor,
                    PrincipalId = LedgerVocabulary.Member(member.Id),
                    Cause = cause,
                    Memo = "joining grant",
                    PolicyVersion = policy.Version,
                },
                (statements, result) =>
                {
                    if (statements.Execute(GrantRecordedSql, ("@sequence", result.EntrySequence), ("@id", member.Id)) != 1)
                    {
                        throw new InvalidOperationException("member vanished");
                    }
                    BalanceChanged.Tell(OutboxWriter.OnLedgerWriter(statements, clock), result, [current]);
                    return Task.CompletedTask;
                },
                clock,
                ct);
            if (!grant.Succeeded && (grant.Status != LedgerStatus.IdempotencyConflict || await ReadAsync(db, member.Id, ct) is not { JoiningGrantEntrySequence: not null }))
            {
                throw new InvalidOperationException($"Posting the joining grant of member {id} failed: {grant.Status}");
            }
        }
        return true;
    }

    private const string GrantRecordedSql = """UPDATE "Members" SET "JoiningGrantEntrySequence" = @sequence WHERE "Id" = @id""";

    private static Task<Member> ReadAsync(TimeBankDbContext db, long memberId, CancellationToken ct) =>
        db.Members.AsNoTracking().SingleAsync(m => m.Id == memberId, ct);
}
