using GraphQL.Types;

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
    }
}
