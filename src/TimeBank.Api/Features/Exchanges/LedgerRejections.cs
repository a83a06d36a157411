using TimeBank.Api.Data;
using TimeBank.Api.Features.Accounts;
using TimeBank.Api.Schema;
using TimeBank.Ledger.Writes;

namespace TimeBank.Api.Features.Exchanges;

/// <summary>The one place where the ledger's limit rejections of an exchange become error codes people can act on.</summary>
public static class LedgerRejections
{
    public static Func<LedgerStatus, Task<Failure?>> Rejections(TimeBankDbContext db, ExchangeStep step, long minutes, CancellationToken ct) =>
        async status => status switch
        {
            LedgerStatus.ExceedsFloor => await InsufficientCredit.ForAsync(db, step.Receiver, minutes, "this exchange", null, ct),
            LedgerStatus.ExceedsCeiling => new Failure(ErrorCode.CeilingReached,
                $"{step.Provider.DisplayName}'s account would pass its ceiling with {minutes} more minutes."),
            _ => null,
        };
}
