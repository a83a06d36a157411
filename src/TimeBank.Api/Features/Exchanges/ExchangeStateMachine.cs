using TimeBank.Api.Data.Entities;
using static TimeBank.Api.Data.Entities.ExchangeStatus;

namespace TimeBank.Api.Features.Exchanges;

/// <summary>What a move writes on the ledger, beside the exchange's own rows.</summary>
public enum LedgerWrite
{
    /// <summary>Nothing: the move only changes the exchange.</summary>
    None,

    /// <summary>Holds the agreed minutes on the receiver's account for the provider (<c>PlaceHold</c>).</summary>
    Hold,

    /// <summary>Posts the hold for the settled minutes in one entry, the rest released (<c>PostHold</c>).</summary>
    Post,

    /// <summary>Releases the hold (<c>VoidHold</c>); an exchange that holds nothing moves without a ledger write.</summary>
    Void,

    /// <summary>Moves the minutes at once, without a hold (<c>Transfer</c>): an exchange recorded as already settled.</summary>
    Transfer,
}

public static class LedgerWriteExtensions
{
    /// <summary>Whether the write moves minutes from the receiver to the provider: the exchange is settled by it.</summary>
    public static bool MovesMinutes(this LedgerWrite write) => write is LedgerWrite.Post or LedgerWrite.Transfer;
}

/// <summary>
/// One row of <see cref="ExchangeStateMachine"/>: the step <paramref name="Action"/> leaves one of <paramref name="From"/>
/// (none: it starts an exchange) for <paramref name="To"/>, is taken by <paramref name="Party"/> (or a coordinator
/// on their behalf) and writes <paramref name="Ledger"/>. <paramref name="Action"/> is what the timeline records and
/// what the ledger key of the step names; <see cref="Verb"/> is how messages say it.
/// </summary>
public sealed record ExchangeMove(string Action, IReadOnlyList<ExchangeStatus> From, ExchangeStatus To, ExchangeParty Party, LedgerWrite Ledger)
{
    /// <summary>How messages name the step ("Cannot {verb} an exchange that is ..."); the action unless said otherwise.</summary>
    public string Verb { get; init; } = Action;

    /// <summary>Whether the step creates the exchange rather than moving one.</summary>
    public bool Starts => From.Count == 0;

    /// <summary>Whether an exchange in <paramref name="status"/> may take this step.</summary>
    public bool Leaves(ExchangeStatus status) => From.Contains(status);
}

/// <summary>
/// The exchange state machine, as one table that every step reads: who may take it from which states, where it
/// leads and what it writes on the ledger. The use cases name their row and <see cref="ExchangeFlow"/> does the
/// rest; <c>ExchangeStateMachineTests</c> takes every row from every state through the API and checks the answer
/// against this table, and docs/exchanges.md shows it as a diagram.
/// </summary>
public static class ExchangeStateMachine
{
    // Each row: action, the states it leaves (none: it starts an exchange), the state it reaches, who takes it, what it writes on the ledger.
    public static readonly ExchangeMove Propose = new("propose", [], Requested, ExchangeParty.Either, LedgerWrite.None);
    public static readonly ExchangeMove Offer = new("offer", [], Requested, ExchangeParty.Provider, LedgerWrite.None);
    public static readonly ExchangeMove Request = new("request", [], Requested, ExchangeParty.Receiver, LedgerWrite.None);
    public static readonly ExchangeMove Record = new("record", [], Settled, ExchangeParty.Receiver, LedgerWrite.Transfer);
    public static readonly ExchangeMove Accept = new("accept", [Requested], Accepted, ExchangeParty.Counterpart, LedgerWrite.Hold);
    public static readonly ExchangeMove Decline = new("decline", [Requested], Declined, ExchangeParty.Counterpart, LedgerWrite.None);
    public static readonly ExchangeMove Cancel = new("cancel", [Requested, Accepted], Cancelled, ExchangeParty.Either, LedgerWrite.Void);
    public static readonly ExchangeMove Complete = new("complete", [Accepted], Completed, ExchangeParty.Provider, LedgerWrite.None);
    public static readonly ExchangeMove Acknowledge = new("acknowledge", [Completed], Settled, ExchangeParty.Receiver, LedgerWrite.Post);
    public static readonly ExchangeMove AutoAcknowledge = new("auto-acknowledge", [Completed], Settled, ExchangeParty.System, LedgerWrite.Post);
    public static readonly ExchangeMove Dispute = new("dispute", [Completed], Disputed, ExchangeParty.Receiver, LedgerWrite.None);
    public static readonly ExchangeMove ResolveBySettling = new("resolve", [Disputed], Settled, ExchangeParty.Coordinator, LedgerWrite.Post);
    public static readonly ExchangeMove ResolveByCancelling = new("resolve", [Disputed], Cancelled, ExchangeParty.Coordinator, LedgerWrite.Void);
    public static readonly ExchangeMove Feedback = new("feedback", [Settled], Settled, ExchangeParty.Either, LedgerWrite.None) { Verb = "leave feedback on" };

    /// <summary>Every row, starts first.</summary>
    public static IReadOnlyList<ExchangeMove> All { get; } =
        [Propose, Offer, Request, Record, Accept, Decline, Cancel, Complete, Acknowledge, AutoAcknowledge, Dispute, ResolveBySettling, ResolveByCancelling, Feedback];
}
