using FluentValidation;
using GraphQL.Types;
using Microsoft.EntityFrameworkCore;
using TimeBank.Api.Data;
using TimeBank.Api.Data.Entities;
using TimeBank.Api.Events;
using TimeBank.Api.Features.Challenges.Contributions;
using TimeBank.Api.Features.Members;
using TimeBank.Api.Schema;

namespace TimeBank.Api.Features.Challenges.Pledges;

/// <summary>Input of <c>withdrawPledge</c>.</summary>
public sealed record WithdrawPledgeInput(long PledgeId);

public sealed class WithdrawPledgeInputValidator : AbstractValidator<WithdrawPledgeInput>;

public sealed class WithdrawPledgeInputType : InputObjectGraphType<WithdrawPledgeInput>
{
    public WithdrawPledgeInputType()
    {
        Name = "WithdrawPledgeInput";
        Description = "The pledge you take back.";
        this.IdField("pledgeId", "Pledge", "Your ACTIVE pledge to an OPEN challenge (a coordinator may withdraw a member's).");
    }
}

/// <summary>
/// The member who pledged (or a coordinator for them) withdraws a pledge while its challenge is OPEN; it stops counting
/// towards progress and is kept as WITHDRAWN. Withdrawing it again answers as the first time.
/// </summary>
public static class WithdrawPledge
{
    private static readonly WithdrawPledgeInputValidator Validator = new();

    public static void AddWithdrawPledge(this ObjectGraphType mutation) =>
        mutation.Mutation<WithdrawPledgeInputType, PledgePayloadType>("withdrawPledge",
                "Withdraw a pledge to an OPEN challenge. Sent again it answers as the first time and changes nothing.",
                [ErrorCode.Unauthenticated, ErrorCode.Forbidden, ErrorCode.NotFound, ErrorCode.WrongStatus])
            .ResolveAsync(async ctx => await ctx.RunAsync(Validator,
                (input, db) => ExecuteAsync(input, ctx.Caller(), db, ctx.Service<TimeProvider>(), ctx.CancellationToken),
                pledge => new PledgePayload { Pledge = pledge }));

    public static async Task<Outcome<ChallengePledge>> ExecuteAsync(WithdrawPledgeInput input, Caller caller, TimeBankDbContext db, TimeProvider clock, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(caller);
        if (caller.RefuseAnonymous("Log in to withdraw a pledge.") is { } anonymous)
        {
            return anonymous;
        }
        for (var attempt = 0; ; attempt++)
        {
            var pledge = await db.ChallengePledges.SingleOrDefaultAsync(p => p.Id == input.PledgeId, ct);
            if (pledge is null)
            {
                return new Failure(ErrorCode.NotFound, "No such pledge.", "pledgeId");
            }
            var challenge = await db.Challenges.AsNoTracking().SingleAsync(c => c.Id == pledge.ChallengeId, ct);
            var roles = await CommunityRoles.LoadAsync(db, challenge.CommunityId, caller, ct);
            var isOwn = roles.MayActAsMember && roles.Membership!.Id == pledge.MemberId;
            if (!isOwn && !roles.IsCoordinator)
            {
                return roles.Refuse("No such pledge.", "pledgeId", "Only the member who pledged, or a coordinator for them, withdraws a pledge.");
            }
            if (pledge.Status == PledgeStatus.Withdrawn)
            {
                return pledge;
            }
            if (challenge.Status != ChallengeStatus.Open)
            {
                return new Failure(ErrorCode.WrongStatus, $"Pledges change while a challenge is OPEN; this one is {ChallengeParticipation.Upper(challenge.Status)}.");
            }
            pledge.Status = PledgeStatus.Withdrawn;
            pledge.ChangedByUserId = caller.UserId!.Value;
            pledge.UpdatedAt = clock.GetUtcNow().UtcDateTime;
            pledge.Version++;
            ChallengeEvents.TellUpdated(OutboxWriter.For(db, clock), challenge.Id, ChallengeChange.Pledge);
            try
            {
                await db.SaveChangesAsync(ct);
                return pledge;
            }
            catch (DbUpdateConcurrencyException) when (attempt < 3)
            {
                // The member changed it meanwhile: judged again against what they left.
                db.ChangeTracker.Clear();
            }
        }
    }
}
