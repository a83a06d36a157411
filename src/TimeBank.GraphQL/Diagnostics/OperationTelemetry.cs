using System.Diagnostics;
using GraphQL;
using GraphQL.DI;
using GraphQL.Execution;
using GraphQLParser.AST;
using TimeBank.GraphQL.Mutations;

namespace TimeBank.GraphQL.Diagnostics;

/// <summary>
/// Wraps every execution, over either transport: a span (under the HTTP request's) named after the operation's type
/// and root field, and a record in <c>timebank.graphql.operation.duration</c>. Both say how it ended: <c>ok</c>,
/// <c>rejected</c> (a mutation's payload carries errors: an expected outcome), <c>failed</c> (top-level errors after
/// execution) or <c>invalid</c> (it never executed: parse, validation or admission), with the error codes.
/// </summary>
/// <remarks>
/// Never the document, the variables or the user: a document may carry a password inline, and variables do. The
/// client's operation name goes on the span (it is the client's code, not its data) but never on a metric, where
/// a name of the client's choosing would add a series per request; the metric's name is the root field after
/// validation, which the schema bounds.
/// </remarks>
internal sealed class OperationTelemetry : IConfigureExecution
{
    private const string Invalid = "invalid";
    private const int MaxCodes = 10;

    // Outside everything else, so the duration covers the document cache, validation and the admission too.
    public float SortOrder => 10;

    public async Task<ExecutionResult> ExecuteAsync(ExecutionOptions options, ExecutionDelegate next)
    {
        if (!GraphQLTelemetry.OperationDuration.Enabled && !GraphQLTelemetry.Source.HasListeners())
        {
            return await next(options);
        }
        var started = Stopwatch.GetTimestamp();
        using var activity = GraphQLTelemetry.Source.StartActivity("graphql.execute");
        ExecutionResult? result = null;
        try
        {
            result = await next(options);
            return result;
        }
        finally
        {
            Record(activity, result, Stopwatch.GetElapsedTime(started));
        }
    }

    private static void Record(Activity? activity, ExecutionResult? result, TimeSpan elapsed)
    {
        var executed = result?.Executed == true;
        var type = executed ? TypeName(result!.Operation?.Operation) : "unknown";
        var field = executed ? RootField(result!.Operation) : "(none)";
        var codes = Codes(result, out var outcome);
        var tags = new TagList
        {
            { "graphql.operation.type", type },
            { "graphql.root_field", field },
            { "graphql.outcome", outcome },
        };
        if (codes.Count > 0)
        {
            // The first code is the error's type in OpenTelemetry's sense; every code is on the span.
            tags.Add("error.type", codes[0]);
        }
        GraphQLTelemetry.OperationDuration.Record(elapsed.TotalSeconds, tags);

        if (activity is null)
        {
            return;
        }
        activity.DisplayName = executed ? $"{type} {field}" : "graphql.invalid";
        activity.SetTag("graphql.operation.type", type);
        activity.SetTag("graphql.root_field", field);
        if (result?.Operation?.Name?.StringValue is { } name)
        {
            activity.SetTag("graphql.operation.name", name.Length <= 100 ? name : name[..100]);
        }
        activity.SetTag("graphql.outcome", outcome);
        if (codes.Count > 0)
        {
            activity.SetTag("graphql.error.codes", codes.ToArray());
        }
        if (outcome is "failed" or Invalid)
        {
            activity.SetStatus(ActivityStatusCode.Error, codes.Count > 0 ? codes[0] : outcome);
        }
    }

    private static string TypeName(OperationType? type) => type switch
    {
        OperationType.Query => "query",
        OperationType.Mutation => "mutation",
        OperationType.Subscription => "subscription",
        _ => "unknown",
    };

    // After validation every root field is one of the schema's, so the names are a bounded set.
    private static string RootField(GraphQLOperationDefinition? operation) =>
        operation?.SelectionSet.Selections is [GraphQLField only] ? only.Name.StringValue : "(multiple)";

    /// <summary>The distinct error codes (top-level first, then the payloads'), at most <see cref="MaxCodes"/>.</summary>
    private static List<string> Codes(ExecutionResult? result, out string outcome)
    {
        var codes = new List<string>();
        if (result is null)
        {
            outcome = "failed";
            codes.Add("EXCEPTION");
            return codes;
        }
        foreach (var error in result.Errors ?? [])
        {
            Add(codes, error.Code ?? "ERROR");
        }
        if (!result.Executed)
        {
            outcome = Invalid;
            return codes;
        }
        if (codes.Count > 0)
        {
            outcome = "failed";
            return codes;
        }
        if (result.Data is ObjectExecutionNode { SubFields: { } fields })
        {
            foreach (var field in fields)
            {
                if (field.Result is Payload { Errors.Count: > 0 } payload)
                {
                    foreach (var error in payload.Errors)
                    {
                        Add(codes, error.Code);
                    }
                }
            }
        }
        outcome = codes.Count > 0 ? "rejected" : "ok";
        return codes;
    }

    private static void Add(List<string> codes, string code)
    {
        if (codes.Count < MaxCodes && !codes.Contains(code))
        {
            codes.Add(code);
        }
    }
}
