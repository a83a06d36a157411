using GraphQL.Types;
using Microsoft.EntityFrameworkCore;
using TimeBank.Api.Data;
using TimeBank.Api.Schema;
using TimeBank.GraphQL.Relay;

namespace TimeBank.Api.Features.Audit;

/// <summary>
/// <c>entry(id)</c>: one ledger entry, for the community's auditors and coordinators, and for a member when it posts to
/// their own account; null for anyone else, as for an entry that does not exist.
/// </summary>
public static class EntryById
{
    public static void AddEntryQuery(this ObjectGraphType query) =>
        query.Field<LedgerEntryType>("entry")
            .Description("One ledger entry by ID. For the community's auditors and coordinators, and for a member when it posts to their account; null for anyone else.")
            .Argument<NonNullGraphType<IdGraphType>>("id", "The entry's ID (LedgerEntry.id).", a => a.IdOf<long>("LedgerEntry"))
            .ResolveAsync(async ctx =>
            {
                var sequence = ctx.GetId<long>("id", "LedgerEntry");
                var visible = await ctx.Service<IDbContextFactory<TimeBankDbContext>>().VisibleEntries(ctx.Caller())([sequence], ctx.CancellationToken);
                return visible.GetValueOrDefault(sequence);
            });
}
