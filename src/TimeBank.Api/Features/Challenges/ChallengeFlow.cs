using Microsoft.EntityFrameworkCore;
using TimeBank.Api.Data;
using TimeBank.Api.Data.Entities;
using TimeBank.Api.Events;
using TimeBank.Api.Features.Audit;
using TimeBank.Api.Schema;
using TimeBank.Ledger.Writes;

namespace TimeBank.Api.Features.Challenges;

/// <summary>What a step runs with: the request's database context, the ledger writer (steps that write the ledger), the clock.</summary>
public sealed record ChallengeRun(TimeBankDbContext Db, LedgerWriter<TimeBankDbContext>? Ledger, TimeProvider Clock, CancellationToken Ct)
{
    public LedgerWriter<TimeBankDbContext> LedgerFor(ChallengeMove move) =>
        Ledger ?? throw new InvalidOperationException($"'{move?.Action}' writes the ledger: run it with the ledger writer.");
}

/// <summary>What a step asks for: its row of the state machine and its content (a reason), which a repeat is compared with.</summary>
public sealed record ChallengeAsk(ChallengeMove Move, string? Note = null)
{
    /// <summary>The note as the timeline keeps it: trimmed, and null when blank.</summary>
    public string? RecordedNote => Recorded(Note);

    public static string? Recorded(string? note) => string.IsNullOrWhiteSpace(note) ? null : note.Trim();
}

/// <summary>
/// Takes steps on existing challenges as <see cref="ChallengeStateMachine"/> says, as <c>ExchangeFlow</c> does for
/// exchanges: a step is legal only from the states its row names; a step already made answers as the first time when
/// asked again with the same content; with other content it is IDEMPOTENCY_CONFLICT, and when another step led to
/// the same state, WRONG_STATUS. Two changes racing on one challenge are told apart by its version: the loser is
/// judged against what the winner made.
/// </summary>
public static class ChallengeFlow
{
    public const string RepeatRule =
        "Sent again with the same content it answers as the first time and changes nothing; with other content it is " +
        "IDEMPOTENCY_CONFLICT, and after another step led to the same state, WRONG_STATUS.";

    /// <summary>
    /// Where a step stands before it is tried: null when the challenge is in a state the step leaves; otherwise the
    /// answer, a repeat's first result or why not.
    /// </summary>
    public static async Task<Outcome<Challenge>?> JudgeAsync(TimeBankDbContext db, Challenge challenge, ChallengeAsk ask, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(challenge);
        ArgumentNullException.ThrowIfNull(ask);
        if (challenge.Status == ask.Move.To)
        {
            return await RepeatAsync(db, challenge, ask, ct);
        }
        return ask.Move.Leaves(challenge.Status) ? null : WrongStatus(ask.Move, challenge.Status);
    }

    /// <summary>A step without a ledger write: judged, then saved by EF Core with its timeline row, audit record and event.</summary>
    public static async Task<Outcome<Challenge>> TakeAsync(ChallengeRun run, ChallengeStep step, ChallengeAsk ask, Action<Challenge>? change = null)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(step);
        ArgumentNullException.ThrowIfNull(ask);
        if (await JudgeAsync(run.Db, step.Challenge, ask, run.Ct) is { } answer)
        {
            return answer;
        }
        var challenge = step.Challenge;
        var from = challenge.Status;
        run.Db.Challenges.Attach(challenge);
        change?.Invoke(challenge);
        var now = run.Clock.GetUtcNow().UtcDateTime;
        Enter(challenge, ask.Move, now, challenge.Version);
        run.Db.ChallengeTransitions.Add(Transition(step.Actor, challenge.Id, from, ask, now));
        if (ChallengeAudit.Of(step, ask, from) is { } act)
        {
            AuditTrail.For(run.Db, run.Clock).Add(act, step.Actor.UserId);
        }
        ChallengeEvents.TellUpdated(OutboxWriter.For(run.Db, run.Clock), challenge.Id, ChangeOf(ask.Move));
        try
        {
            await run.Db.SaveChangesAsync(run.Ct);
            return challenge;
        }
        catch (DbUpdateConcurrencyException)
        {
            // Someone else changed it first: that change stands, and this step is judged against it.
            run.Db.ChangeTracker.Clear();
            return await AfterRaceAsync(run.Db, challenge.Id, ask, run.Ct);
        }
    }

    /// <summary>The one place a step changes a challenge's status and version, for EF Core to save or a statement to write.</summary>
    public static void Enter(Challenge challenge, ChallengeMove move, DateTime at, int versionRead)
    {
        ArgumentNullException.ThrowIfNull(challenge);
        ArgumentNullException.ThrowIfNull(move);
        challenge.Status = move.To ?? challenge.Status;
        challenge.UpdatedAt = at;
        challenge.Version = versionRead + 1;
    }

    /// <summary>The timeline row of a step: who took it, for whom, what it asked, as a repeat compares it.</summary>
    public static ChallengeTransition Transition(ChallengeActor actor, long challengeId, ChallengeStatus? from, ChallengeAsk ask, DateTime at)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(ask);
        return new ChallengeTransition
        {
            ChallengeId = challengeId,
            FromStatus = from,
            ToStatus = ask.Move.To ?? from ?? throw new ArgumentException("A step that keeps the status starts from one.", nameof(from)),
            Action = ask.Move.Action,
            ActorUserId = actor.UserId,
            PrincipalMemberId = actor.PrincipalMemberId,
            Note = ask.RecordedNote,
            At = at,
        };
    }

    public static Failure WrongStatus(ChallengeMove move, ChallengeStatus status)
    {
        ArgumentNullException.ThrowIfNull(move);
        return new(ErrorCode.WrongStatus, $"Cannot {move.Verb} a challenge that is {Name(status)}.");
    }

    /// <summary>The failure of a step's loading, passed on as the step's own.</summary>
    public static Failure FailureOf<T>(Outcome<T> outcome) => new(outcome.Code!.Value, outcome.Message ?? "", outcome.Field);

    /// <summary>A step that lost a race, or found its ledger write already made, judged against the challenge as it now is.</summary>
    public static async Task<Outcome<Challenge>> AfterRaceAsync(TimeBankDbContext db, long challengeId, ChallengeAsk ask, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(ask);
        var now = await db.Challenges.AsNoTracking().SingleAsync(c => c.Id == challengeId, ct);
        return now.Status == ask.Move.To ? await RepeatAsync(db, now, ask, ct) : WrongStatus(ask.Move, now.Status);
    }

    /// <summary>What subscribers are told a step changed: its status, or (a step that keeps it) its details.</summary>
    public static ChallengeChange ChangeOf(ChallengeMove move) => move?.To is null ? ChallengeChange.Details : ChallengeChange.Status;

    public static string Name(ChallengeStatus status) => status.ToString().ToUpperInvariant();

    /// <summary>
    /// The challenge is already where the step leads. The same step with the same content answers as the first time
    /// did; another step that led there is WRONG_STATUS, and this step with other content (another reason) is
    /// IDEMPOTENCY_CONFLICT: neither was applied, so neither may look like a success. No status is entered twice, so
    /// one timeline row led there.
    /// </summary>
    private static async Task<Outcome<Challenge>> RepeatAsync(TimeBankDbContext db, Challenge challenge, ChallengeAsk ask, CancellationToken ct)
    {
        var to = ask.Move.To;
        var made = await db.ChallengeTransitions.AsNoTracking()
            .Where(t => t.ChallengeId == challenge.Id && t.ToStatus == to && (t.FromStatus == null || t.FromStatus != to))
            .OrderBy(t => t.Id)
            .FirstAsync(ct);
        var status = Name(challenge.Status);
        if (made.Action != ask.Move.Action)
        {
            return new Failure(ErrorCode.WrongStatus, $"Cannot {ask.Move.Verb} a challenge that is already {status} (by {made.Action}).");
        }
        if (made.Note != ask.RecordedNote)
        {
            return new Failure(ErrorCode.IdempotencyConflict,
                $"This challenge is already {status} by a '{made.Action}' with other content; sent again, a step must ask the same.");
        }
        return challenge;
    }
}
