using TimeBank.Api.Data.Entities;
using static TimeBank.Api.Data.Entities.ChallengeStatus;

namespace TimeBank.Api.Features.Challenges;

/// <summary>Who may take a step of a challenge.</summary>
public enum ChallengeParty
{
    /// <summary>Any active member of the community (a coordinator may act for one).</summary>
    Member,

    /// <summary>The challenge's lead, or a coordinator of its community.</summary>
    Lead,

    /// <summary>Only the community's coordinators.</summary>
    Coordinator,
}

/// <summary>
/// One row of <see cref="ChallengeStateMachine"/>: the step <paramref name="Action"/> leaves one of <paramref name="From"/>
/// (none: it creates the challenge) for <paramref name="To"/> (null: the challenge stays where it is), taken by
/// <paramref name="Party"/>. <paramref name="Action"/> is what the timeline records; <see cref="Verb"/> is how messages say it.
/// </summary>
public sealed record ChallengeMove(string Action, IReadOnlyList<ChallengeStatus> From, ChallengeStatus? To, ChallengeParty Party)
{
    public string Verb { get; init; } = Action;

    /// <summary>Whether a challenge in <paramref name="status"/> may take this step.</summary>
    public bool Leaves(ChallengeStatus status) => From.Contains(status);
}

/// <summary>
/// The challenge state machine, as one table every step reads: from which states, to which, by whom. The use cases
/// name their row and <see cref="ChallengeFlow"/> does the rest; <c>ChallengeWrongStateTests</c> takes every row from
/// every state through the API, and docs/challenges.md shows the table.
/// </summary>
public static class ChallengeStateMachine
{
    public static readonly ChallengeMove Propose = new("propose", [], Proposed, ChallengeParty.Member);
    public static readonly ChallengeMove CreateFromNeeds = new("create-from-needs", [], Proposed, ChallengeParty.Coordinator);

    /// <summary>Opens the challenge's POOL account on the ledger, in the transaction that moves the challenge.</summary>
    public static readonly ChallengeMove Approve = new("approve", [Proposed], Open, ChallengeParty.Coordinator);

    public static readonly ChallengeMove Decline = new("decline", [Proposed], Declined, ChallengeParty.Coordinator);

    /// <summary>Changes what the challenge says (and, by a coordinator, its lead); it stays where it is.</summary>
    public static readonly ChallengeMove Update = new("update", [Proposed, Open], null, ChallengeParty.Lead);

    public static readonly ChallengeMove Achieve = new("achieve", [Open], Achieved, ChallengeParty.Lead) { Verb = "mark achieved" };

    /// <summary>Returns what is left in the pool to the community fund in one entry, then closes the pool.</summary>
    public static readonly ChallengeMove Close = new("close", [Open, Achieved], Closed, ChallengeParty.Coordinator);

    /// <summary>Every row, the ones that create a challenge first.</summary>
    public static IReadOnlyList<ChallengeMove> All { get; } = [Propose, CreateFromNeeds, Approve, Decline, Update, Achieve, Close];
}
