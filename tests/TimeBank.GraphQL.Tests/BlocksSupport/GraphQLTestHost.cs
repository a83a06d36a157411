using System.Security.Claims;
using System.Text.Json.Nodes;
using GraphQL;
using GraphQL.DI;
using GraphQL.Types;
using Microsoft.Extensions.DependencyInjection;

namespace TimeBank.GraphQL.Tests.BlocksSupport;

/// <summary>
/// Executes documents the way the transports do: a new DI scope per request as RequestServices,
/// the user on ExecutionOptions.User, through IDocumentExecuter of the schema.
/// </summary>
internal sealed class GraphQLTestHost<TSchema> : IDisposable
    where TSchema : class, ISchema
{
    private readonly ServiceProvider _services;

    public GraphQLTestHost(Action<IGraphQLBuilder> configure, Action<IServiceCollection>? services = null)
    {
        var collection = new ServiceCollection();
        services?.Invoke(collection);
        collection.AddGraphQL(b =>
        {
            b.AddSchema<TSchema>().AddGraphTypes(typeof(TSchema).Assembly).AddSystemTextJson();
            configure(b);
        });
        _services = collection.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true });
    }

    public IServiceProvider Services => _services;

    public T Get<T>() where T : notnull => _services.GetRequiredService<T>();

    public async Task<JsonObject> ExecuteAsync(string query, string? variablesJson = null, ClaimsPrincipal? user = null, string? operationName = null)
    {
        await using var scope = _services.CreateAsyncScope();
        var serializer = _services.GetRequiredService<IGraphQLTextSerializer>();
        var result = await _services.GetRequiredService<IDocumentExecuter<TSchema>>().ExecuteAsync(new ExecutionOptions
        {
            Query = query,
            OperationName = operationName,
            Variables = variablesJson is null ? null : serializer.Deserialize<Inputs>(variablesJson),
            RequestServices = scope.ServiceProvider,
            User = user ?? new ClaimsPrincipal(new ClaimsIdentity()),
        });
        return JsonNode.Parse(serializer.Serialize(result))!.AsObject();
    }

    public void Dispose() => _services.Dispose();
}

internal static class Json
{
    /// <summary>The error codes of a response, in order.</summary>
    public static string[] ErrorCodes(this JsonObject response) =>
        response["errors"]?.AsArray().Select(e => e!["extensions"]?["code"]?.GetValue<string>() ?? "(no code)").ToArray() ?? [];

    public static string Compact(this JsonNode? node) => node?.ToJsonString() ?? "null";
}
