using System.Diagnostics;
using GraphQL;
using GraphQL.Execution;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace TimeBank.GraphQL.Execution;

/// <summary>
/// Turns an exception that escaped a resolver into an error a client can quote: logged with a trace
/// id, returned with <c>extensions.code = INTERNAL_SERVER_ERROR</c> and that <c>extensions.traceId</c>.
/// Outside Development the client sees neither the exception's message nor its type.
/// </summary>
internal static partial class UnhandledErrorHandler
{
    public static void Handle(UnhandledExceptionContext context)
    {
        var options = context.ExecutionOptions;
        var exception = context.OriginalException;
        if (exception is OperationCanceledException && options.CancellationToken.IsCancellationRequested)
        {
            return;
        }

        var traceId = Activity.Current?.TraceId.ToHexString() ?? ActivityTraceId.CreateRandom().ToHexString();
        var services = options.RequestServices;
        var logger = services?.GetService<ILoggerFactory>()?.CreateLogger("TimeBank.GraphQL.Execution");
        if (logger is not null)
        {
            LogUnhandled(logger, exception, traceId, context.FieldContext?.Path is { } path ? string.Join('.', path) : "(document)");
        }

        var development = services?.GetService<IHostEnvironment>()?.IsDevelopment() == true;
        var message = development ? exception.Message : "An unexpected error occurred; quote the traceId when reporting it.";
        context.Exception = new InternalServerError(message, traceId, exception);
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Error, Message = "Unhandled GraphQL error {TraceId} at {Path}")]
    private static partial void LogUnhandled(ILogger logger, Exception exception, string traceId, string path);
}

/// <summary>The error a client receives for an unexpected failure.</summary>
public sealed class InternalServerError : ExecutionError
{
    public InternalServerError(string message, string traceId, Exception inner) : base(message, inner)
    {
        Code = GraphQLErrorCodes.InternalServerError;
        TraceId = traceId;
        Extensions = new Dictionary<string, object?> { ["traceId"] = traceId };
    }

    public string TraceId { get; }
}
