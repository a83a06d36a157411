using GraphQL.Types;
using TimeBank.Ledger.Model;

namespace TimeBank.Api.Features.Audit;

public sealed class AccountKindType : EnumerationGraphType<AccountKind>
{
    public AccountKindType()
    {
        Name = "AccountKind";
        Description = "What a ledger account is for.";
        Describe(AccountKind.Member, "A member's hour account.");
        Describe(AccountKind.Fund, "The community fund: donations in, contributions out.");
        Describe(AccountKind.Pool, "A shared pool of hours.");
        Describe(AccountKind.Issuance, "Where grants and opening balances come from; its balance is minus the hours issued.");
    }

    private void Describe(AccountKind kind, string description) => Values.Single(v => Equals(v.Value, kind)).Description = description;
}

public sealed class EntryKindType : EnumerationGraphType<EntryKind>
{
    public EntryKindType()
    {
        Name = "EntryKind";
        Description = "Why minutes moved in a ledger entry.";
        Describe(EntryKind.Exchange, "An exchange settled: the receiver paid the provider.");
        Describe(EntryKind.Donation, "Minutes given to the fund or to someone.");
        Describe(EntryKind.Grant, "Minutes issued, such as the joining grant.");
        Describe(EntryKind.Contribution, "Minutes paid out of the fund.");
        Describe(EntryKind.OpeningBalance, "A balance brought in from elsewhere.");
        Describe(EntryKind.Adjustment, "A correction made by hand.");
        Describe(EntryKind.Reversal, "The mirror image of an earlier entry, undoing it.");
    }

    private void Describe(EntryKind kind, string description) => Values.Single(v => Equals(v.Value, kind)).Description = description;
}

public sealed class PostingSideType : EnumerationGraphType<PostingSide>
{
    public PostingSideType()
    {
        Name = "PostingSide";
        Description = "Which way a posting moves minutes on its account.";
        Values.Single(v => Equals(v.Value, PostingSide.Debit)).Description = "Minutes out of the account (its balance goes down).";
        Values.Single(v => Equals(v.Value, PostingSide.Credit)).Description = "Minutes into the account (its balance goes up).";
    }
}
