using System.Globalization;
using TimeBank.Api.Data;
using TimeBank.Api.Data.Entities;
using TimeBank.Api.Schema;
using TimeBank.Ledger.Reads;

namespace TimeBank.Api.Features.Accounts;

/// <summary>
/// What a member is told when the ledger refused to take minutes from them (their floor): one wording for an exchange
/// and a gift alike, with the numbers that decide it as they stand now, so the member sees what they can do.
/// </summary>
public static class InsufficientCredit
{
    /// <summary>INSUFFICIENT_CREDIT for <paramref name="payer"/>, whose floor refused <paramref name="minutes"/> for <paramref name="what"/> ("this exchange").</summary>
    public static async Task<Failure> ForAsync(TimeBankDbContext db, Member payer, long minutes, string what, string? field, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(payer);
        var account = await db.FindLedgerAccountAsync(payer.AccountId!.Value, ct)
            ?? throw new InvalidOperationException($"member {payer.Id} has no account");
        // No floor only if a policy lifted it after the ledger refused: the numbers below still say what stands now.
        var spendable = account.SpendableMinutes?.ToString(CultureInfo.InvariantCulture) ?? "unlimited";
        return new Failure(ErrorCode.InsufficientCredit,
            $"Not enough credit: {payer.DisplayName} has {spendable} minutes available (balance {account.BalanceMinutes}, " +
            $"{account.DebitsPendingMinutes} held, floor {account.FloorMinutes}); {what} needs {minutes}.", field);
    }
}
