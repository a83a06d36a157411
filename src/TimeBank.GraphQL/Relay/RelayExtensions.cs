using GraphQL;
using GraphQL.DI;
using TimeBank.GraphQL.DataLoader;

namespace TimeBank.GraphQL.Relay;

/// <summary>Registration of the Relay building blocks.</summary>
public static class RelayExtensions
{
    /// <summary>Registers the <c>Node</c> interface and the data loaders that <c>node</c>/<c>nodes</c> use.</summary>
    public static IGraphQLBuilder AddRelayNodes(this IGraphQLBuilder builder)
    {
        builder.AddDataLoaders();
        builder.Services.TryRegister<NodeInterface, NodeInterface>(global::GraphQL.DI.ServiceLifetime.Transient);
        return builder;
    }
}
