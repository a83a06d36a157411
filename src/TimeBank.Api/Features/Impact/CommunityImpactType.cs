using GraphQL.Types;
using GraphQL.Validation.Complexity;
using TimeBank.Api.Features.Communities;
using TimeBank.Api.Features.Listings;
using TimeBank.Api.Schema;
using TimeBank.GraphQL.Limits;

namespace TimeBank.Api.Features.Impact;

public sealed class CommunityImpactType : ObjectGraphType<CommunityImpact>
{
    public CommunityImpactType()
    {
        Name = "CommunityImpact";
        Description = "What a community did together over a period. An exchange counts in the month it settled, for the minutes it settled for; one whose settlement was reversed does not count.";
        Field<NonNullGraphType<DateTimeGraphType>>("from").Description("The start of the period (UTC), inclusive.").Resolve(ctx => ctx.Source.Period.From);
        Field<NonNullGraphType<DateTimeGraphType>>("to").Description("The end of the period (UTC), exclusive.").Resolve(ctx => ctx.Source.Period.To);
        Field<NonNullGraphType<LongGraphType>>("minutesExchanged").Description("Minutes of every exchange settled in the period.")
            .Resolve(ctx => ctx.Source.MinutesExchanged);
        Field<NonNullGraphType<LongGraphType>>("exchanges").Description("How many exchanges settled in the period.").Resolve(ctx => ctx.Source.Exchanges);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<ImpactMonthType>>>>("months")
            .Description("Every calendar month (UTC) the period touches, oldest first, also those without exchanges; the first and last may be partial.")
            .Resolve(ctx => ctx.Source.Months)
            .FieldType.MaxItems(ImpactPeriod.MaxMonths, MonthsAsked);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<ImpactCategoryType>>>>("categories")
            .Description("The period's exchanges per category that had any (direct exchanges under a null category), most minutes first, each also month by month.")
            .Resolve(ctx => ctx.Source.Categories)
            .MaxItems(ListBounds.CategoriesPerCommunity + 1);
        Field<NonNullGraphType<IntGraphType>>("activeMembers").Description("Members who gave or received in an exchange settled in the period.")
            .Resolve(ctx => checked((int)ctx.Source.Members.Active));
        Field<NonNullGraphType<IntGraphType>>("givers").Description("Members who gave (were the provider of) an exchange settled in the period.")
            .Resolve(ctx => checked((int)ctx.Source.Members.Givers));
        Field<NonNullGraphType<IntGraphType>>("receivers").Description("Members who received (were the receiver of) an exchange settled in the period.")
            .Resolve(ctx => checked((int)ctx.Source.Members.Receivers));
        Field<NonNullGraphType<IntGraphType>>("reciprocalMembers").Description("Members who both gave and received in the period.")
            .Resolve(ctx => checked((int)ctx.Source.Members.Reciprocal));
        Field<FloatGraphType>("reciprocityShare").Description("reciprocalMembers / activeMembers, from 0 to 1; null when nobody was active.")
            .Resolve(ctx => ctx.Source.ReciprocityShare);
        Field<NonNullGraphType<IntGraphType>>("newMembers").Description("Members who joined (were approved, opening their account) in the period.")
            .Resolve(ctx => checked((int)ctx.Source.Members.Joined));
        Field<NonNullGraphType<IntGraphType>>("quietMembers")
            .Description($"Active members, members for at least {ImpactPeriod.QuietDays} days before `to`, with no exchange settled in those {ImpactPeriod.QuietDays} days.")
            .Resolve(ctx => checked((int)ctx.Source.Members.Quiet));
        Field<NonNullGraphType<DateTimeGraphType>>("quietSince").Description($"The start of the quiet window: {ImpactPeriod.QuietDays} days before `to`.")
            .Resolve(ctx => ctx.Source.Period.QuietSince);
        Field<NonNullGraphType<LongGraphType>>("minutesDonated").Description("Minutes members donated to the community fund or a challenge's pool in the period.")
            .Resolve(ctx => ctx.Source.MinutesDonated);
        Field<NonNullGraphType<IntGraphType>>("donations").Description("How many donations were made in the period.")
            .Resolve(ctx => checked((int)ctx.Source.Donations));
        Field<NonNullGraphType<LongGraphType>>("minutesContributed").Description("Minutes challenge pools paid members for verified contributions in the period.")
            .Resolve(ctx => ctx.Source.MinutesContributed);
        Field<NonNullGraphType<IntGraphType>>("contributions").Description("How many contributions were paid in the period.")
            .Resolve(ctx => checked((int)ctx.Source.Contributions));
        Field<NonNullGraphType<IntGraphType>>("challengesAchieved").Description("Challenges marked achieved in the period (ACHIEVED now, or CLOSED after being achieved).")
            .Resolve(ctx => checked((int)ctx.Source.ChallengesAchieved));
    }

    // The months of the period asked for, from communityImpact's arguments; the bound when they are not at hand.
    private static int MonthsAsked(FieldImpactContext context) =>
        context.Parent?.Arguments is { } arguments
            && arguments.TryGetValue("from", out var from) && from.Value is DateTime start
            && arguments.TryGetValue("to", out var to) && to.Value is DateTime end
            && end > start
            ? Math.Max(1, ImpactPeriod.MonthsTouched(start, end))
            : ImpactPeriod.MaxMonths;
}

public sealed class ImpactMonthType : ObjectGraphType<ImpactMonth>
{
    public ImpactMonthType()
    {
        Name = "ImpactMonth";
        Description = "One calendar month (UTC) of an impact period, all categories together.";
        Field<NonNullGraphType<StringGraphType>>("month").Description("The month, as YYYY-MM.").Resolve(ctx => ImpactPeriod.Key(ctx.Source.StartsAt));
        Field<NonNullGraphType<DateTimeGraphType>>("startsAt").Description("The first instant of the month (UTC).").Resolve(ctx => ctx.Source.StartsAt);
        Field<NonNullGraphType<LongGraphType>>("minutes").Description("Minutes of the exchanges settled in the month, within the period.")
            .Resolve(ctx => ctx.Source.Minutes);
        Field<NonNullGraphType<LongGraphType>>("exchanges").Description("How many exchanges settled in the month, within the period.")
            .Resolve(ctx => ctx.Source.Exchanges);
    }
}

public sealed class ImpactCategoryType : ObjectGraphType<ImpactCategory>
{
    public ImpactCategoryType()
    {
        Name = "ImpactCategory";
        Description = "Exchanges of one category over an impact period: an exchange's category is its listing's; a direct exchange, made without a listing, has none.";
        Field<CategoryType>("category").Description("The category; null for direct exchanges (uncategorised).")
            .Resolve(ctx => ctx.Source.CategoryId is { } id ? ctx.LoadCategory(id) : null);
        Field<NonNullGraphType<LongGraphType>>("minutes").Description("Minutes exchanged in the period.").Resolve(ctx => ctx.Source.Minutes);
        Field<NonNullGraphType<LongGraphType>>("exchanges").Description("How many exchanges in the period.").Resolve(ctx => ctx.Source.Exchanges);
        // Series of numbers rather than a list of objects per month: a chart reads them as they are, and five years of
        // months times every category stay within the complexity budget.
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<LongGraphType>>>>("minutesByMonth")
            .Description("Minutes exchanged in each month, in the order of `months` (0 for a month without any).").Resolve(ctx => ctx.Source.MinutesByMonth);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<LongGraphType>>>>("exchangesByMonth")
            .Description("How many exchanges in each month, in the order of `months`.").Resolve(ctx => ctx.Source.ExchangesByMonth);
    }
}
