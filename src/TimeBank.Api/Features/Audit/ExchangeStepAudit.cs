using TimeBank.Api.Data.Entities;
using TimeBank.Api.Features.Exchanges;

namespace TimeBank.Api.Features.Audit;

/// <summary>
/// Which steps of an exchange are administrative acts: a coordinator taking a party's step for them (on their behalf),
/// and a coordinator resolving a dispute. A party acting for themself, and the API's own jobs, are no such act: the
/// exchange's timeline is their record.
/// </summary>
public static class ExchangeStepAudit
{
    /// <summary>
    /// The audit record of <paramref name="ask"/> taken on exchange <paramref name="exchangeId"/> from
    /// <paramref name="from"/> (null: the step started it), or null when the step is no administrative act.
    /// </summary>
    public static AuditAct? Of(ExchangeStep step, ExchangeAsk ask, long exchangeId, ExchangeStatus? from)
    {
        ArgumentNullException.ThrowIfNull(step);
        ArgumentNullException.ThrowIfNull(ask);
        if (step.Actor.UserId is not { } userId)
        {
            return null;
        }
        string action;
        long? principal = null;
        if (ask.Move.Party == ExchangeParty.Coordinator)
        {
            action = AuditActions.ExchangeResolve;
        }
        else
        {
            var party = step.Actor.PrincipalMemberId == step.Provider.Id ? step.Provider
                : step.Actor.PrincipalMemberId == step.Receiver.Id ? step.Receiver
                : null;
            if (party is null || party.UserId == userId)
            {
                return null;
            }
            (action, principal) = (AuditActions.ExchangeOnBehalf(ask.Move.Action), party.Id);
        }
        // Statuses and minutes only: notes and descriptions are the parties' words, erased with them.
        return new AuditAct(action, step.Exchange.CommunityId, AuditActions.Subjects.Exchange, exchangeId)
        {
            PrincipalMemberId = principal,
            Before = from is { } status ? new { status = Word(status) } : null,
            After = new { status = Word(ask.Move.To), minutes = ask.Minutes },
        };
    }

    private static string Word(ExchangeStatus status) => status.ToString().ToUpperInvariant();
}
