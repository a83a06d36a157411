using System.Security.Claims;
using GraphQL;
using GraphQL.Execution;
using GraphQL.Types;
using Microsoft.Extensions.DependencyInjection;

namespace TimeBank.GraphQL.Authorization;

/// <summary>
/// Declares who may select a field or a type. Checked before execution by <see cref="AuthorizationValidationRule"/>.
/// Every declaration must hold: <c>.RequireRole("A", "B").RequirePolicy("p")</c> means (role A or B) and policy p.
/// </summary>
public static class AuthorizationRequirements
{
    private const string MetadataKey = "TimeBank.GraphQL.Authorization.Requirements";

    /// <summary>Only a signed-in user may select this.</summary>
    public static T RequireAuthenticated<T>(this T target)
        where T : IMetadataWriter
    {
        Requirements(target).Authenticated = true;
        return target;
    }

    /// <summary>Only a signed-in user with at least one of <paramref name="roles"/> may select this.</summary>
    public static T RequireRole<T>(this T target, params string[] roles)
        where T : IMetadataWriter
    {
        ArgumentOutOfRangeException.ThrowIfZero(roles.Length);
        Requirements(target).RoleSets.Add(roles);
        return target;
    }

    /// <summary>Only a user who satisfies the policy registered as <paramref name="policy"/> may select this.</summary>
    public static T RequirePolicy<T>(this T target, string policy)
        where T : IMetadataWriter
    {
        ArgumentException.ThrowIfNullOrEmpty(policy);
        Requirements(target).Policies.Add(policy);
        return target;
    }

    /// <summary>
    /// Whether the user of this request may see objects of <paramref name="type"/>. For resolvers that return
    /// an abstract type (an interface or union), where the validation rule cannot know the object's type, such
    /// as <c>node(id:)</c>.
    /// </summary>
    public static bool Allows(this IResolveFieldContext context, IGraphType type) =>
        Read(type as IMetadataReader) is not { } required
        || required.Missing(
            context.User,
            context.RequestServices?.GetService<AuthorizationOptions>(),
            type,
            null,
            new Dictionary<string, ArgumentValue>(),
            context.RequestServices) is null;

    internal static Declared? Read(IMetadataReader? source) => source?.GetMetadata<Declared>(MetadataKey);

    private static Declared Requirements(IMetadataWriter target)
    {
        if (target.GetMetadata<Declared>(MetadataKey) is { } existing)
        {
            return existing;
        }
        var created = new Declared();
        target.Metadata[MetadataKey] = created;
        return created;
    }

    internal sealed class Declared
    {
        public bool Authenticated { get; set; }

        public List<string[]> RoleSets { get; } = [];

        public List<string> Policies { get; } = [];

        /// <summary>What the user lacks, in words, or null when every requirement holds.</summary>
        public string? Missing(
            ClaimsPrincipal? user,
            AuthorizationOptions? options,
            IGraphType type,
            FieldType? field,
            IReadOnlyDictionary<string, ArgumentValue> arguments,
            IServiceProvider? services)
        {
            if (user?.Identity?.IsAuthenticated != true)
            {
                // Every requirement (a role, a policy or sign-in itself) needs a known user.
                return "a signed-in user";
            }
            foreach (var roles in RoleSets)
            {
                if (!roles.Any(user.IsInRole))
                {
                    return roles.Length == 1 ? $"the role {roles[0]}" : $"one of the roles {string.Join(", ", roles)}";
                }
            }
            foreach (var policy in Policies)
            {
                var check = (options ?? throw new InvalidOperationException("AddAuthorizationRule() registers the policies.")).Get(policy);
                if (!check(new AuthorizationPolicyContext(user, type, field, arguments, services)))
                {
                    return $"the policy {policy}";
                }
            }
            return null;
        }
    }
}
