using GraphQL.Types;
using TimeBank.Api.Data.Entities;

namespace TimeBank.Api.Features.Exchanges;

public sealed class ExchangeStatusType : EnumerationGraphType<ExchangeStatus>
{
    public ExchangeStatusType()
    {
        Name = "ExchangeStatus";
        Description = "Where an exchange stands.";
        Describe(ExchangeStatus.Requested, "Proposed; waiting for the other party to accept or decline.");
        Describe(ExchangeStatus.Accepted, "Agreed; the agreed minutes are held on the receiver's account.");
        Describe(ExchangeStatus.Completed, "The provider says it is done; waiting for the receiver to acknowledge or dispute.");
        Describe(ExchangeStatus.Disputed, "The receiver disputes it; a coordinator resolves it.");
        Describe(ExchangeStatus.Settled, "The minutes moved from the receiver to the provider; final.");
        Describe(ExchangeStatus.Declined, "The other party said no; final.");
        Describe(ExchangeStatus.Cancelled, "Called off; any hold was released; final.");
    }

    private void Describe(ExchangeStatus status, string description) => Values.Single(v => Equals(v.Value, status)).Description = description;
}

/// <summary>A member's side of an exchange.</summary>
public enum ExchangeRole
{
    Provider,
    Receiver,
}

public sealed class ExchangeRoleType : EnumerationGraphType<ExchangeRole>
{
    public ExchangeRoleType()
    {
        Name = "ExchangeRole";
        Description = "A member's side of an exchange.";
        Values.Single(v => Equals(v.Value, ExchangeRole.Provider)).Description = "Gives the time and is credited.";
        Values.Single(v => Equals(v.Value, ExchangeRole.Receiver)).Description = "Receives the help and is debited.";
    }
}
