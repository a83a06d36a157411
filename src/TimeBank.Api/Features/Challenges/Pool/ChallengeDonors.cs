using GraphQL.Types;
using Microsoft.EntityFrameworkCore;
using TimeBank.Api.Data;
using TimeBank.Api.Data.Entities;
using TimeBank.Api.Features.Listings;
using TimeBank.Api.Features.Members;
using TimeBank.Api.Schema;
using TimeBank.GraphQL.Connections;
using TimeBank.GraphQL.DataLoader;
using TimeBank.Ledger.Model;

namespace TimeBank.Api.Features.Challenges.Pool;

/// <summary>One member's donations to a challenge, summed.</summary>
public sealed class ChallengeDonor
{
    public long MemberId { get; init; }

    public long Minutes { get; init; }
}

/// <summary>
/// <c>Challenge.donors</c>: who gave to the pool and how much, from the ledger itself. The sum runs in SQL over the
/// pool's own postings (one range of the postings' (AccountId, EntrySequence) index) and the other leg of each
/// donation, so nothing is loaded but the page; a donation reversed by an auditor's correction no longer counts.
/// Grants from the fund are the community's, not a member's, and are not listed.
/// </summary>
public static class ChallengeDonors
{
    private static readonly KeysetOrder<ChallengeDonor> MostFirst = new KeysetOrder<ChallengeDonor>().By(d => d.Minutes, descending: true).By(d => d.MemberId);

    public static void AddDonorsField(this ObjectGraphType<Challenge> challenge) =>
        challenge.Field<NonNullGraphType<ConnectionType<ChallengeDonorType>>>("donors")
            .Description("The members who donated to the pool, each with the minutes they gave in all (reversed donations left out), most first.")
            .PageArguments()
            .ResolveAsync(async ctx =>
            {
                if (ctx.Source.PoolAccountId is not { } poolId)
                {
                    return await Array.Empty<ChallengeDonor>().ToConnectionAsync(MostFirst, ctx.GetPageRequest());
                }
                await using var db = await ctx.CreateDbContextAsync();
                return await Of(db, poolId).ToConnectionAsync(MostFirst, ctx.GetPageRequest(), ctx.CancellationToken, (q, ct) => q.CountAsync(ct));
            });

    /// <summary>The donors of the pool <paramref name="poolAccountId"/>, unordered, for a caller that pages them.</summary>
    public static IQueryable<ChallengeDonor> Of(TimeBankDbContext db, long poolAccountId)
    {
        ArgumentNullException.ThrowIfNull(db);
        var entries = db.Set<LedgerEntry>();
        return
            from pool in db.Set<LedgerPosting>()
            where pool.AccountId == poolAccountId
            join entry in entries on pool.EntrySequence equals entry.Sequence
            where entry.Kind == EntryKind.Donation
                || (entry.Kind == EntryKind.Reversal && entries.Any(r => r.Sequence == entry.ReversesSequence && r.Kind == EntryKind.Donation))
            join giver in db.Set<LedgerPosting>() on pool.EntrySequence equals giver.EntrySequence
            where giver.AccountId != poolAccountId
            join member in db.Members on giver.AccountId equals member.AccountId
            group pool.Side == PostingSide.Credit ? pool.AmountMinutes : -pool.AmountMinutes by member.Id into donor
            select new ChallengeDonor { MemberId = donor.Key, Minutes = donor.Sum() } into donor
            where donor.Minutes > 0
            select donor;
    }
}

public sealed class ChallengeDonorType : ObjectGraphType<ChallengeDonor>
{
    public ChallengeDonorType()
    {
        Name = "ChallengeDonor";
        Description = "A member who donated to a challenge's pool, and how much in all.";
        Field<NonNullGraphType<MemberType>>("member").Description("The member who donated.")
            .Resolve(ctx => ctx.LoadMember(ctx.Source.MemberId).Then(m => m!));
        Field<NonNullGraphType<IntGraphType>>("minutes").Description("The minutes they donated to this pool, less any reversed.")
            .Resolve(ctx => checked((int)ctx.Source.Minutes));
        Field<NonNullGraphType<FloatGraphType>>("hours").Description("The same in hours, for display.").Resolve(ctx => ctx.Source.Minutes / 60.0);
    }
}
