using System.Globalization;
using FluentValidation;
using GraphQL.Types;
using Microsoft.EntityFrameworkCore;
using TimeBank.Api.Data;
using TimeBank.Api.Data.Entities;
using TimeBank.Api.Features.Audit;
using TimeBank.Api.Features.Identity;
using TimeBank.Api.Schema;
using TimeBank.GraphQL.Mutations;
using TimeBank.Ledger.Writes;

namespace TimeBank.Api.Features.Members;

/// <summary>Input of <c>eraseMember</c>.</summary>
public sealed record EraseMemberInput(long MemberId);

public sealed class EraseMemberInputValidator : AbstractValidator<EraseMemberInput>
{
    public EraseMemberInputValidator() => RuleFor(i => i.MemberId).GreaterThan(0);
}

public sealed class EraseMemberInputType : InputObjectGraphType<EraseMemberInput>
{
    public EraseMemberInputType()
    {
        Name = "EraseMemberInput";
        Description = "The member to erase.";
        this.IdField("memberId", "Member", "The member.");
    }
}

/// <summary>
/// The right to erasure: the member's personal data, and every text they wrote or that was written about them in
/// listings and exchanges, is overwritten or removed, and the login can no longer be used. The ledger keeps every
/// entry (amounts, accounts, opaque party ids, hashes) and erases its memos, so the chain and reconciliation stay
/// clean. Then the freed bytes leave the database files. Done by the member or a deployment admin.
/// </summary>
public static class EraseMember
{
    private static readonly EraseMemberInputValidator Validator = new();

    public static void AddEraseMember(this ObjectGraphType mutation) =>
        mutation.Mutation<EraseMemberInputType, MemberPayloadType>("eraseMember",
                "Erases the member's personal data for good: profile, listings (closed), the texts of their exchanges and ledger memos; amounts and ledger entries stay (the member or a deployment admin).",
                [ErrorCode.Unauthenticated, ErrorCode.Forbidden, ErrorCode.NotFound])
            .ResolveAsync(async ctx => await ctx.RunAsync(Validator,
                (input, db) => ExecuteAsync(input, ctx.Caller(), db, ctx.Service<LedgerWriter<TimeBankDbContext>>(), ctx.Service<TimeProvider>(), ctx.CancellationToken, ctx.Service<RefreshTokens>()),
                member => new MemberPayload { Member = member }));

    public static async Task<Outcome<Member>> ExecuteAsync(
        EraseMemberInput input, Caller caller, TimeBankDbContext db, LedgerWriter<TimeBankDbContext> ledger, TimeProvider clock, CancellationToken ct,
        RefreshTokens? sessions = null)
    {
        if (caller.RefuseAnonymous("Log in to erase a member.") is { } anonymous)
        {
            return anonymous;
        }
        var member = await db.Members.AsNoTracking().SingleOrDefaultAsync(m => m.Id == input.MemberId, ct);
        if (member is null)
        {
            return new Failure(ErrorCode.NotFound, "No such member.", "memberId");
        }
        // The member is the caller's own membership when they erase themself; an auditor of the community does not.
        var self = member.UserId == caller.UserId ? new CommunityRoles(caller, member) : null;
        if (!caller.IsAdmin && self is not { MayWrite: true })
        {
            const string refused = "Only the member themself or a deployment admin erases a member.";
            return self?.Forbid(refused) ?? new Failure(ErrorCode.Forbidden, refused);
        }
        if (member.ErasedAt is not null)
        {
            return member;
        }
        // Before the scrub revokes the refresh tokens, or their sessions could no longer be found: the access tokens and
        // sockets of an erased login end now, not when they expire.
        if (sessions is not null)
        {
            await sessions.EndSessionsOfUserAsync(db, member.UserId, ct);
        }

        // One ledger write erases the memos on the member's account; alongside it, in the same transaction, the time
        // bank's own tables are scrubbed, so an erasure is never half done. Each erasure has a key of its own: someone
        // erased who comes back and is erased again must not get the first erasure's replay.
        var id = member.Id.ToString(CultureInfo.InvariantCulture);
        var erased = await ledger.SubmitAsync(
            new EraseMemos
            {
                AccountIds = member.AccountId is { } accountId ? [accountId] : [],
                IdempotencyKey = LedgerVocabulary.ErasureKey(member.Id, Guid.NewGuid()),
                ActorId = caller.LedgerActor,
                PrincipalId = LedgerVocabulary.Member(member.Id),
                Cause = LedgerVocabulary.MemberCause(member.Id),
            },
            async (tx, _, token) =>
            {
                await MemberErasureScrub.ScrubAsync(tx, member.Id, caller, clock, token);
                // The record names the member by id only: what was erased is not copied anywhere.
                AuditTrail.For(tx, clock).Add(
                    new AuditAct(AuditActions.MemberErase, member.CommunityId, AuditActions.Subjects.Member, member.Id) { PrincipalMemberId = member.Id },
                    caller.UserId!.Value);
            },
            ct);
        if (!erased.Succeeded)
        {
            throw new InvalidOperationException($"Erasing member {id} failed: {erased.Status}");
        }
        // Best effort: readers that kept the checkpoint from finishing leave the old pages in the WAL until the next one.
        _ = await PersonalDataPurge.RunAsync(db, ct);
        return await db.Members.AsNoTracking().SingleAsync(m => m.Id == member.Id, ct);
    }
}
