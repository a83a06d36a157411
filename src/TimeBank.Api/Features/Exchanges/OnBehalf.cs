using TimeBank.Api.Data.Entities;
using TimeBank.Api.Schema;

namespace TimeBank.Api.Features.Exchanges;

/// <summary>
/// The rule for acting for someone else (a coordinator for an offline member): never in a transaction where the one
/// acting is a party. Otherwise a coordinator could record, propose, accept or settle minutes from a member to
/// themself, and nobody but them would have consented. Every start and every step of an exchange asks here; so must
/// any later on-behalf action that moves minutes between people (donations, pledges).
/// </summary>
public static class OnBehalf
{
    /// <summary>
    /// Null when <paramref name="caller"/>, acting for someone else, may act in a transaction between
    /// <paramref name="parties"/>; otherwise the refusal. Acting as oneself never comes here.
    /// </summary>
    public static Failure? Refusal(Caller caller, IEnumerable<Member> parties, string? field = null)
    {
        ArgumentNullException.ThrowIfNull(caller);
        return parties.Any(p => p.UserId == caller.UserId)
            ? new Failure(ErrorCode.Forbidden,
                "You are a party to this exchange, so you act in it only as yourself: never on the other party's behalf, nor as its judge.", field)
            : null;
    }
}
