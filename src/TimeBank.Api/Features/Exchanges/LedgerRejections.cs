using System.Globalization;
using TimeBank.Api.Data;
using TimeBank.Api.Data.Entities;
using TimeBank.Api.Schema;
using TimeBank.Ledger.Reads;
using TimeBank.Ledger.Writes;

namespace TimeBank.Api.Features.Exchanges;

/// <summary>The one place where the ledger's limit rejections of an exchange become error codes people can act on.</summary>
public static class LedgerRejections
{
    public static Func<LedgerStatus, Task<Failure?>> Rejections(TimeBankDbContext db, ExchangeStep step, long minutes, CancellationToken ct) =>
        async status => status switch
        {
            LedgerStatus.ExceedsFloor => await InsufficientAsync(db, step.Receiver, minutes, ct),
            LedgerStatus.ExceedsCeiling => new Failure(ErrorCode.CeilingReached,
                $"{step.Provider.DisplayName}'s account would pass its ceiling with {minutes} more minutes."),
            _ => null,
        };

    private static async Task<Failure> InsufficientAsync(TimeBankDbContext db, Member receiver, long minutes, CancellationToken ct)
    {
        var account = await db.FindLedgerAccountAsync(receiver.AccountId!.Value, ct)
            ?? throw new InvalidOperationException($"member {receiver.Id} has no account");
        // No floor only if a policy lifted it after the ledger refused: the numbers below still say what stands now.
        var spendable = account.SpendableMinutes?.ToString(CultureInfo.InvariantCulture) ?? "unlimited";
        return new Failure(ErrorCode.InsufficientCredit,
            $"Not enough credit: {receiver.DisplayName} has {spendable} minutes available (balance {account.BalanceMinutes}, " +
            $"{account.DebitsPendingMinutes} held, floor {account.FloorMinutes}); this exchange needs {minutes}.");
    }
}
