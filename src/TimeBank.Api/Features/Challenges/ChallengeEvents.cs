using TimeBank.Api.Events;

namespace TimeBank.Api.Features.Challenges;

/// <summary>
/// The events of challenges. Every change a member of the community may see (status, pledges, donations, grants,
/// contributions) is told to <c>challengeUpdated</c>; the subscription loads the challenge fresh and sends it only to
/// callers who may see it, so the event names no audience.
/// </summary>
public static class ChallengeEvents
{
    public static readonly EventTopic<ChallengeUpdatedEvent> Updated = new("challengeUpdated");

    /// <summary>Tells the challenge's subscribers that <paramref name="change"/> happened to it.</summary>
    public static void TellUpdated(OutboxWriter outbox, long challengeId, ChallengeChange change)
    {
        ArgumentNullException.ThrowIfNull(outbox);
        outbox.Add(Updated, new ChallengeUpdatedEvent(challengeId, change), []);
    }
}

/// <summary>What changed on a challenge, so a client can tell its user without comparing objects.</summary>
public enum ChallengeChange
{
    Status,
    Details,
    Pledge,
    Donation,
    Contribution,
}

public sealed record ChallengeUpdatedEvent(long ChallengeId, ChallengeChange Change);
