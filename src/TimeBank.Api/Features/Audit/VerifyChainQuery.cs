using GraphQL;
using GraphQL.Types;
using TimeBank.Api.Schema;
using TimeBank.GraphQL.Relay;
using TimeBank.Ledger.Reads;

namespace TimeBank.Api.Features.Audit;

/// <summary>
/// <c>verifyChain(communityId, from, to)</c>: recomputes the community's hash chain (or the links from position
/// <c>from</c> to <c>to</c>) from the records they name, and says where it first breaks.
/// </summary>
public static class VerifyChainQuery
{
    public static void AddVerifyChain(this ObjectGraphType query) =>
        query.Field<NonNullGraphType<ChainVerificationType>>("verifyChain")
            .Description("Recomputes the community's hash chain (every link from `from` to `to`, positions from 1; the whole chain by default) and names the first link that does not verify. Auditors and coordinators of the community; others get FORBIDDEN (or NOT_FOUND outside it).")
            .Argument<NonNullGraphType<IdGraphType>>("communityId", "The community.", a => a.IdOf<long>("Community"))
            .Argument<LongGraphType>("from", "The first position to verify (at least 1); the chain's start when omitted.")
            .Argument<LongGraphType>("to", "The last position to verify; the chain's head when omitted.")
            .ResolveAsync(async ctx =>
            {
                var from = ctx.GetArgument<long?>("from");
                var to = ctx.GetArgument<long?>("to");
                if (from < 1 || to < 1 || from > to)
                {
                    throw new QueryError(ErrorCode.InvalidInput, "from and to are positions from 1, and from may not be after to.");
                }
                var group = await ctx.LedgerGroupForAuditAsync(ctx.GetId<long>("communityId", "Community"), "the chain");
                await using var db = await ctx.CreateDbContextAsync();
                return await db.VerifyLedgerGroupChainAsync(group, from, to, ctx.CancellationToken);
            });
}

public sealed class ChainVerificationType : ObjectGraphType<GroupChainVerification>
{
    public ChainVerificationType()
    {
        Name = "ChainVerification";
        Description = "The outcome of recomputing a community's hash chain.";
        Field<NonNullGraphType<BooleanGraphType>>("valid").Description("True when every link checked verifies.").Resolve(ctx => ctx.Source.IsValid);
        Field<NonNullGraphType<LongGraphType>>("linksChecked").Description("Links recomputed, up to and including the first broken one.")
            .Resolve(ctx => ctx.Source.LinksChecked);
        Field<LongGraphType>("firstBrokenPosition").Description("The position of the first link that does not verify; null when all do.")
            .Resolve(ctx => ctx.Source.FirstBrokenPosition);
        Field<StringGraphType>("recordType").Description("The record that link names: entry, account, limits or close; null when all verify.")
            .Resolve(ctx => ctx.Source.RecordType);
        Field<LongGraphType>("recordId").Description("That record's id (an entry's sequence, an account's, limit change's or period close's id).")
            .Resolve(ctx => ctx.Source.RecordId);
        Field<IdGraphType>("entryId").Description("When the broken link names an entry, its global ID (a LedgerEntry); null otherwise.")
            .Resolve(ctx => ctx.Source is { RecordType: "entry", RecordId: { } sequence } ? GlobalId.Encode("LedgerEntry", sequence) : null);
        Field<StringGraphType>("reason").Description("Why that link does not verify; null when all do.").Resolve(ctx => ctx.Source.Reason);
        Field<ChainHeadType>("head").Description("The community chain's last link as stored; null when it has none.").Resolve(ctx => ctx.Source.Head);
    }
}

public sealed class ChainHeadType : ObjectGraphType<ChainHead>
{
    public ChainHeadType()
    {
        Name = "ChainHead";
        Description = "The last link of a community's hash chain: what an evidence pack or an earlier reconciliation can be compared with.";
        Field<NonNullGraphType<LongGraphType>>("position").Description("Its position (links are numbered from 1 without gaps).").Resolve(ctx => ctx.Source.Position);
        Field<NonNullGraphType<StringGraphType>>("hash").Description("Its hash, 64 lowercase hex digits.").Resolve(ctx => ctx.Source.Hash);
    }
}
