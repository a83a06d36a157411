using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace TimeBank.Api.Tests.Infrastructure;

/// <summary>
/// Keeps every log entry at Error or above that the host writes, so a test can say "nothing went wrong on the
/// server" (a client's mistake is never an error in our log). Give it to <see cref="TimeBankApplication.Logs"/>.
/// </summary>
public sealed class LogCapture : ILoggerProvider
{
    private readonly ConcurrentQueue<string> _errors = new();

    /// <summary>Every Error and Critical entry so far: level, category, message and exception.</summary>
    public IReadOnlyCollection<string> Errors => _errors.ToArray();

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    private sealed class Logger(LogCapture capture, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Error;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                capture._errors.Enqueue($"{logLevel} {category}: {formatter(state, exception)} {exception}");
            }
        }
    }
}
