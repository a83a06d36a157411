using GraphQL.Types;
using TimeBank.Api.Schema;
using TimeBank.GraphQL.Relay;

namespace TimeBank.Api.Features.Audit;

/// <summary>
/// <c>ledgerEntryPosted(communityId)</c>: the live journal, for the community's auditors and coordinators. Who may
/// subscribe is checked when the subscription starts; each entry is then loaded through the same access rule as
/// <c>entry(id:)</c>, so a subscriber who lost the role since is told no more entries.
/// </summary>
public static class LedgerEntryPostedSubscription
{
    public static ObjectGraphType AddAuditSubscriptions(this ObjectGraphType subscription)
    {
        subscription.Field<NonNullGraphType<LedgerEntryType>>("ledgerEntryPosted")
            .Description("To the community's auditors and coordinators: each ledger entry of the community as it is written (committed), with its postings.")
            .Argument<NonNullGraphType<IdGraphType>>("communityId", "The community.", a => a.IdOf<long>("Community"))
            .ResolveStreamAsync(async ctx =>
            {
                var communityId = ctx.GetId<long>("communityId", "Community");
                ctx.SignedInUserId("Log in (connection_init payload) to subscribe.");
                await using (var db = await ctx.CreateDbContextAsync())
                {
                    await ctx.CommunityLedgerAsync(db, communityId);
                }
                return ctx.CallerEvents(LedgerEntryPosted.Topic, e => e.CommunityId == communityId);
            })
            .ResolveAsync(async ctx =>
            {
                var posted = ctx.Event<LedgerEntryPostedEvent>();
                return await ctx.LoadVisibleEntry(posted.EntrySequence).GetResultAsync(ctx.CancellationToken)
                    ?? throw new QueryError(ErrorCode.Forbidden, "You no longer read this community's ledger.");
            });
        return subscription;
    }
}
