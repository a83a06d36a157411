using GraphQL;
using GraphQL.Execution;
using GraphQL.Types;
using GraphQL.Validation;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using TimeBank.GraphQL.Diagnostics;
using TimeBank.GraphQL.Execution;
using TimeBank.GraphQL.Http;
using TimeBank.GraphQL.Introspection;
using TimeBank.GraphQL.Limits;
using TimeBank.GraphQL.Persisted;
using TimeBank.GraphQL.Reuse;
using TimeBank.GraphQL.Schema;
using TimeBank.GraphQL.WebSockets;

namespace TimeBank.GraphQL;

/// <summary>How a host adds the GraphQL transports: <c>AddGraphQLServer</c> then <c>MapGraphQLEndpoints</c>.</summary>
public static class GraphQLServerRegistration
{
    /// <summary>
    /// Registers the transports and configures GraphQL.NET's execution pipeline: document bounds, the
    /// document cache, depth and complexity limits (<see cref="ValidationRuleSets"/>), masked errors with trace ids. The schema itself is added by the
    /// host with <c>services.AddGraphQL(b =&gt; b.AddSchema&lt;TSchema&gt;())</c>. Replace
    /// <see cref="IWebSocketAuthenticator"/> or <see cref="IPersistedDocumentStore"/> by registering
    /// your own (before or after this call). Register a <c>PartitionedRateLimiter&lt;GraphQLOperation&gt;</c> to limit
    /// operations by type, user and address (<see cref="Admission.OperationAdmission"/>).
    /// </summary>
    public static IServiceCollection AddGraphQLServer(this IServiceCollection services, Action<GraphQLServerOptions>? configure = null)
    {
        var options = services.AddOptions<GraphQLServerOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        services.TryAddSingleton<IWebSocketAuthenticator, DefaultWebSocketAuthenticator>();
        services.TryAddSingleton<IPersistedDocumentStore, InMemoryPersistedDocumentStore>();
        services.TryAddSingleton<WebSocketTracker>();
        services.TryAddSingleton<PersistedDocumentResolver>();
        services.TryAddSingleton<ValidationRuleSets>();
        services.TryAddSingleton(typeof(GraphQLRequestExecutor<>));
        services.TryAddSingleton<IdePage>();
        services.TryAddSingleton<QueryResponseCache>();
        services.TryAddSingleton(typeof(GraphQLHttpHandler<>));
        services.TryAddSingleton(typeof(GraphQLWebSocketHandler<>));

        services.AddGraphQL(graphql => graphql
            .AddSystemTextJson()
            .ConfigureExecution<OperationTelemetry>()
            .ConfigureExecution<DefaultValidationRules>()
            .ConfigureExecution<DocumentCache>()
            .ConfigureSchema((schema, _) => IntrospectionCompletion.Configure(schema))
            .AddUnhandledExceptionHandler(UnhandledErrorHandler.Handle)
            .AddErrorInfoProvider((errors, provider) =>
                errors.ExposeExceptionDetails = provider.GetService<IHostEnvironment>()?.IsDevelopment() == true));
        // Replaces GraphQL.NET's parser front (registered by AddGraphQL) with one that bounds documents first.
        services.Replace(ServiceDescriptor.Singleton<IDocumentBuilder, BoundedDocumentBuilder>());
        // Keeps the verdict on cached queries without variables (see CachingDocumentValidator).
        services.Replace(ServiceDescriptor.Singleton<IDocumentValidator, CachingDocumentValidator>());
        return services;
    }

    /// <summary>
    /// Maps GraphQL over HTTP and graphql-transport-ws at <paramref name="pattern"/>, and the schema as
    /// SDL (text/plain, with an entity tag) at <c>{pattern}/sdl</c> (404 when <see cref="GraphQLServerOptions.Introspection"/> is
    /// off), and the files of <see cref="GraphQLServerOptions.IdeDirectory"/> under <c>{pattern}/ide/</c>. Needs
    /// <c>app.UseWebSockets()</c> before it.
    /// </summary>
    public static IEndpointConventionBuilder MapGraphQLEndpoints<TSchema>(this IEndpointRouteBuilder endpoints, string pattern = "/graphql")
        where TSchema : ISchema
    {
        var sdlPath = pattern.TrimEnd('/') + "/sdl";
        SdlDocument? sdl = null;
        var introspection = endpoints.ServiceProvider.GetRequiredService<IOptions<GraphQLServerOptions>>().Value.Introspection;
        endpoints.MapGet(sdlPath, (HttpContext http) =>
        {
            if (!introspection)
            {
                return Results.NotFound();
            }
            // The schema is a singleton and never changes while the process runs, so its text and tag are made once.
            sdl ??= new SdlDocument(SchemaSdl.Print(http.RequestServices.GetRequiredService<TSchema>()));
            return sdl.Result(http);
        });

        endpoints.ServiceProvider.GetRequiredService<IdePage>().MapFiles(endpoints, pattern);
        var http = endpoints.ServiceProvider.GetRequiredService<GraphQLHttpHandler<TSchema>>();
        var webSockets = endpoints.ServiceProvider.GetRequiredService<GraphQLWebSocketHandler<TSchema>>();
        return endpoints.Map(pattern, context => context.WebSockets.IsWebSocketRequest
            ? webSockets.HandleAsync(context)
            : http.HandleAsync(context, sdlPath));
    }
}
