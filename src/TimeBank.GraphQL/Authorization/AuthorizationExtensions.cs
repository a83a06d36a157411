using GraphQL;
using GraphQL.DI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace TimeBank.GraphQL.Authorization;

/// <summary>Registration of the authorization rule and its policies.</summary>
public static class AuthorizationExtensions
{
    /// <summary>
    /// Adds <see cref="AuthorizationValidationRule"/> to every validation, cached documents included. Call once;
    /// <paramref name="configure"/> (or <see cref="AddAuthorizationPolicies"/>, as often as needed) registers policies.
    /// </summary>
    public static IGraphQLBuilder AddAuthorizationRule(this IGraphQLBuilder builder, Action<AuthorizationOptions>? configure = null)
    {
        builder.AddAuthorizationPolicies(configure ?? (_ => { }));
        builder.Services.TryRegister(
            typeof(AuthorizationOptions),
            services => services.GetRequiredService<IOptions<AuthorizationOptions>>().Value,
            global::GraphQL.DI.ServiceLifetime.Singleton);
        return builder.AddValidationRule<AuthorizationValidationRule>(useForCachedDocuments: true);
    }

    /// <summary>Registers more named policies, e.g. from a feature's own registration method.</summary>
    public static IGraphQLBuilder AddAuthorizationPolicies(this IGraphQLBuilder builder, Action<AuthorizationOptions> configure)
    {
        builder.Services.Configure<AuthorizationOptions>((options, _) => configure(options));
        return builder;
    }
}
