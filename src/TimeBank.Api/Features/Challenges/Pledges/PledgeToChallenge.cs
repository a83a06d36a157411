using FluentValidation;
using GraphQL.Types;
using Microsoft.EntityFrameworkCore;
using TimeBank.Api.Data;
using TimeBank.Api.Data.Entities;
using TimeBank.Api.Events;
using TimeBank.Api.Features.Challenges.Contributions;
using TimeBank.Api.Schema;

namespace TimeBank.Api.Features.Challenges.Pledges;

/// <summary>Input of <c>pledgeToChallenge</c>.</summary>
public sealed record PledgeToChallengeInput(long ChallengeId, long CategoryId, int Minutes, long? OnBehalfOfMemberId = null);

public sealed class PledgeToChallengeInputValidator : AbstractValidator<PledgeToChallengeInput>
{
    public PledgeToChallengeInputValidator() => RuleFor(i => i.Minutes).InclusiveBetween(1, PledgeToChallenge.MaxMinutes);
}

public sealed class PledgeToChallengeInputType : InputObjectGraphType<PledgeToChallengeInput>
{
    public PledgeToChallengeInputType()
    {
        Name = "PledgeToChallengeInput";
        Description = "Minutes of one category you promise to an OPEN challenge.";
        this.IdField("challengeId", "Challenge", "An OPEN challenge of your community.");
        this.IdField("categoryId", "Category", "One of the categories the challenge needs.");
        Field(i => i.Minutes).Description($"The minutes you pledge, 1 to {PledgeToChallenge.MaxMinutes}; they replace what you pledged in this category before.");
        this.IdFieldOptional("onBehalfOfMemberId", "Member", "A coordinator pledges for this active member; yourself by default.");
    }
}

/// <summary>
/// A member pledges minutes of a category the challenge needs. One pledge per member and category: pledging again sets
/// its minutes (and makes a withdrawn one active); the same minutes again change nothing and answer as before.
/// </summary>
public static class PledgeToChallenge
{
    /// <summary>100 hours: more than any one member gives one category of one challenge.</summary>
    public const int MaxMinutes = 6000;

    private static readonly PledgeToChallengeInputValidator Validator = new();

    public static void AddPledgeToChallenge(this ObjectGraphType mutation) =>
        mutation.Mutation<PledgeToChallengeInputType, PledgePayloadType>("pledgeToChallenge",
                "Pledge minutes of a needed category to an OPEN challenge, or change your pledge in that category. The same pledge again " +
                "answers as the first time and changes nothing.",
                [ErrorCode.Unauthenticated, ErrorCode.Forbidden, ErrorCode.NotFound, ErrorCode.WrongStatus])
            .ResolveAsync(async ctx => await ctx.RunAsync(Validator,
                (input, db) => ExecuteAsync(input, ctx.Caller(), db, ctx.Service<TimeProvider>(), ctx.CancellationToken),
                pledge => new PledgePayload { Pledge = pledge }));

    public static async Task<Outcome<ChallengePledge>> ExecuteAsync(
        PledgeToChallengeInput input, Caller caller, TimeBankDbContext db, TimeProvider clock, CancellationToken ct)
    {
        var loaded = await ChallengeParticipation.LoadAsync(db, caller, input.ChallengeId, input.OnBehalfOfMemberId, "Log in to pledge.", ct);
        if (loaded.Value is not { } participant)
        {
            return new Failure(loaded.Code!.Value, loaded.Message!, loaded.Field);
        }
        var challenge = participant.Challenge;
        if (challenge.Status != ChallengeStatus.Open)
        {
            return new Failure(ErrorCode.WrongStatus, $"Pledges are taken while a challenge is OPEN; this one is {ChallengeParticipation.Upper(challenge.Status)}.");
        }
        if (await ChallengeParticipation.RefuseUnneededAsync(db, challenge.Id, input.CategoryId, ct) is { } unneeded)
        {
            return unneeded;
        }
        // A first pledge racing another for the same category loses on the unique index; the second try finds the winner's row.
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return await SetAsync(db, participant, input, clock, ct);
            }
            catch (DbUpdateException ex) when (attempt < 3 && (ex is DbUpdateConcurrencyException || ex.IsUniqueViolation()))
            {
                db.ChangeTracker.Clear();
            }
        }
    }

    private static async Task<ChallengePledge> SetAsync(
        TimeBankDbContext db, ChallengeParticipant participant, PledgeToChallengeInput input, TimeProvider clock, CancellationToken ct)
    {
        var pledge = await db.ChallengePledges.SingleOrDefaultAsync(p =>
            p.ChallengeId == participant.Challenge.Id && p.MemberId == participant.Member.Id && p.CategoryId == input.CategoryId, ct);
        if (pledge is { Status: PledgeStatus.Active } && pledge.Minutes == input.Minutes)
        {
            return pledge;
        }
        var now = clock.GetUtcNow().UtcDateTime;
        if (pledge is null)
        {
            pledge = new ChallengePledge { ChallengeId = participant.Challenge.Id, MemberId = participant.Member.Id, CategoryId = input.CategoryId, CreatedAt = now };
            db.ChallengePledges.Add(pledge);
        }
        else
        {
            pledge.Version++;
        }
        pledge.Minutes = input.Minutes;
        pledge.Status = PledgeStatus.Active;
        pledge.ChangedByUserId = participant.ActorUserId;
        pledge.UpdatedAt = now;
        ChallengeEvents.TellUpdated(OutboxWriter.For(db, clock), participant.Challenge.Id, ChallengeChange.Pledge);
        await db.SaveChangesAsync(ct);
        return pledge;
    }
}
