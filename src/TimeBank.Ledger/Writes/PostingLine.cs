using TimeBank.Ledger.Model;

namespace TimeBank.Ledger.Writes;

/// <summary>One leg of a transfer as the caller asks for it.</summary>
public readonly record struct PostingLine(long AccountId, PostingSide Side, long AmountMinutes)
{
    public static PostingLine Debit(long accountId, long amountMinutes) => new(accountId, PostingSide.Debit, amountMinutes);

    public static PostingLine Credit(long accountId, long amountMinutes) => new(accountId, PostingSide.Credit, amountMinutes);
}
