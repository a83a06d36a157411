using System.Security.Claims;
using GraphQL.Execution;
using GraphQL.Types;

namespace TimeBank.GraphQL.Authorization;

/// <summary>What a policy sees: the user, and the field being selected with its arguments (when a field is checked).</summary>
public sealed record AuthorizationPolicyContext(
    ClaimsPrincipal User,
    IGraphType Type,
    FieldType? Field,
    IReadOnlyDictionary<string, ArgumentValue> Arguments,
    IServiceProvider? RequestServices);

/// <summary>The named policies that <c>RequirePolicy(name)</c> refers to.</summary>
public sealed class AuthorizationOptions
{
    private readonly Dictionary<string, Func<AuthorizationPolicyContext, bool>> _policies = new(StringComparer.Ordinal);

    /// <summary>Registers a policy. It must be fast and free of I/O: it runs during validation of every request.</summary>
    public AuthorizationOptions AddPolicy(string name, Func<AuthorizationPolicyContext, bool> policy)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        _policies.Add(name, policy);
        return this;
    }

    internal Func<AuthorizationPolicyContext, bool> Get(string name) =>
        _policies.TryGetValue(name, out var policy)
            ? policy
            : throw new InvalidOperationException($"No authorization policy named '{name}' is registered.");
}
