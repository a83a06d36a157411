using GraphQL;
using Microsoft.EntityFrameworkCore;
using TimeBank.Api.Data;
using TimeBank.Api.Features;

namespace TimeBank.Api.Schema;

/// <summary>What every resolver needs from the request: the caller, services, a DbContext of its own.</summary>
public static class ResolveContextExtensions
{
    public static Caller Caller(this IResolveFieldContext context) => Features.Caller.From(context.User);

    public static T Service<T>(this IResolveFieldContext context) where T : notnull =>
        context.RequestServices!.GetRequiredService<T>();

    /// <summary>
    /// A DbContext for this resolver alone: resolvers may run in parallel, and a DbContext must never
    /// be shared between them. Dispose it in the resolver.
    /// </summary>
    public static Task<TimeBankDbContext> CreateDbContextAsync(this IResolveFieldContext context) =>
        context.Service<IDbContextFactory<TimeBankDbContext>>().CreateDbContextAsync(context.CancellationToken);
}
