using System.Net;
using System.Security.Claims;
using GraphQLParser.AST;

namespace TimeBank.GraphQL.Admission;

/// <summary>
/// An operation that parsed and validated and is about to run, as a rate limiter sees it. Register a
/// <c>PartitionedRateLimiter&lt;GraphQLOperation&gt;</c> to limit operations (see <see cref="OperationAdmission"/>).
/// </summary>
/// <param name="Type">Query, mutation or subscription: the operation that runs, chosen by <c>operationName</c>.</param>
/// <param name="User">Who asks; not authenticated when anonymous.</param>
/// <param name="RemoteAddress">The client's address (of the WebSocket's upgrade request on that transport); null when unknown.</param>
public sealed record GraphQLOperation(OperationType Type, ClaimsPrincipal User, IPAddress? RemoteAddress);
