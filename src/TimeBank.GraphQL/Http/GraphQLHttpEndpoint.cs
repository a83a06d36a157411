using System.Text.Json;
using GraphQL;
using GraphQL.Transport;
using GraphQL.Types;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace TimeBank.GraphQL.Http;

/// <summary>
/// A first GraphQL-over-HTTP endpoint: POST with a JSON body and GET with a query string.
/// </summary>
public static class GraphQLHttpEndpoint
{
    public static IEndpointConventionBuilder MapGraphQLHttp<TSchema>(this IEndpointRouteBuilder endpoints, string pattern)
        where TSchema : ISchema =>
        endpoints.MapMethods(pattern, [HttpMethods.Get, HttpMethods.Post], ExecuteAsync<TSchema>);

    private static async Task ExecuteAsync<TSchema>(HttpContext http) where TSchema : ISchema
    {
        var serializer = http.RequestServices.GetRequiredService<IGraphQLTextSerializer>();
        GraphQLRequest? request;
        try
        {
            request = HttpMethods.IsGet(http.Request.Method)
                ? new GraphQLRequest { Query = http.Request.Query["query"], OperationName = http.Request.Query["operationName"] }
                : await serializer.ReadAsync<GraphQLRequest>(http.Request.Body, http.RequestAborted);
        }
        catch (JsonException)
        {
            request = null;
        }
        if (request?.Query is null)
        {
            http.Response.StatusCode = StatusCodes.Status400BadRequest;
            return;
        }

        var result = await http.RequestServices.GetRequiredService<IDocumentExecuter<TSchema>>().ExecuteAsync(new ExecutionOptions
        {
            Query = request.Query,
            OperationName = request.OperationName,
            Variables = request.Variables,
            Extensions = request.Extensions,
            RequestServices = http.RequestServices,
            User = http.User,
            CancellationToken = http.RequestAborted,
        });
        http.Response.ContentType = "application/json; charset=utf-8";
        await serializer.WriteAsync(http.Response.Body, result, http.RequestAborted);
    }
}
