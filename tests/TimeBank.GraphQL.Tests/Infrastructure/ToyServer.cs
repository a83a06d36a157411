using System.Collections.Concurrent;
using System.Security.Claims;
using GraphQL;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace TimeBank.GraphQL.Tests.Infrastructure;

/// <summary>
/// The toy schema behind the real transports on a real Kestrel loopback port. A request header
/// <c>X-Toy-User: name[,role]</c> signs the request in, standing in for authentication middleware.
/// </summary>
public sealed class ToyServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private ToyServer(WebApplication app, Uri address, LogSink logs)
    {
        _app = app;
        Logs = logs;
        HttpAddress = new Uri(address, "/graphql");
        WebSocketAddress = new UriBuilder(HttpAddress) { Scheme = "ws" }.Uri;
        Http = new HttpClient { BaseAddress = address };
    }

    public Uri HttpAddress { get; }

    public Uri WebSocketAddress { get; }

    public HttpClient Http { get; }

    public IServiceProvider Services => _app.Services;

    public ToyEvents Events => Services.GetRequiredService<ToyEvents>();

    public LogSink Logs { get; }

    public ToyRequests Requests => Services.GetRequiredService<ToyRequests>();

    /// <summary>
    /// Starts the toy. <paramref name="authorizationRule"/> false leaves out <see cref="ToyAuthorizationRule"/>, so that
    /// requests run with the transport's own validation rules only, as the API's do.
    /// </summary>
    public static async Task<ToyServer> StartAsync(
        Action<GraphQLServerOptions>? configure = null, Action<IServiceCollection>? services = null, string environment = "Production",
        bool authorizationRule = true)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { EnvironmentName = environment });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var sink = new LogSink();
        builder.Logging.AddProvider(sink);
        builder.Services.AddSingleton<ToyEvents>();
        builder.Services.AddSingleton<ToyCounter>();
        // Only the toy's own types: this assembly also holds the building blocks' test schemas, whose
        // dependencies this host does not register (and Development validates every registration).
        builder.Services.AddTransient<ToyQuery>().AddTransient<ToyNodeType>().AddTransient<ToyItemType>()
            .AddTransient<ToyMutation>().AddTransient<ToySubscription>();
        builder.Services.AddSingleton<ToyScopeCounter>();
        builder.Services.AddSingleton<ToyRequests>();
        builder.Services.AddScoped<ToyScoped>();
        builder.Services.AddGraphQL(graphql =>
        {
            graphql.AddSchema<ToySchema>();
            if (authorizationRule)
            {
                graphql.AddValidationRule<ToyAuthorizationRule>();
            }
        });
        builder.Services.AddGraphQLServer(configure);
        services?.Invoke(builder.Services);

        var app = builder.Build();
        var requests = app.Services.GetRequiredService<ToyRequests>();
        app.Use(async (context, next) =>
        {
            try
            {
                await next(context);
            }
            catch (Exception ex)
            {
                // Kestrel logs it at Error only after this request counts as ended: a test checking the log would miss it.
                sink.Unhandled(ex);
                throw;
            }
            finally
            {
                requests.Ended();
            }
        });
        app.Use((context, next) =>
        {
            if (context.Request.Headers["X-Toy-User"].ToString() is { Length: > 0 } user)
            {
                var parts = user.Split(',');
                var claims = new List<Claim> { new(ClaimTypes.Name, parts[0]) };
                claims.AddRange(parts.Skip(1).Select(role => new Claim(ClaimTypes.Role, role)));
                context.User = new ClaimsPrincipal(new ClaimsIdentity(claims, "toy"));
            }
            return next(context);
        });
        app.UseWebSockets();
        app.MapGraphQLEndpoints<ToySchema>("/graphql");
        await app.StartAsync();

        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new ToyServer(app, new Uri(address), sink);
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

/// <summary>Lets a test await the moment the server is done with a request, whether it answered or not.</summary>
public sealed class ToyRequests
{
    private readonly SemaphoreSlim _ended = new(0);

    /// <summary>Waits (at most 10 s, then fails) until one more request has left the server's pipeline.</summary>
    public async Task WaitForOneToEndAsync()
    {
        Assert.True(await _ended.WaitAsync(TimeSpan.FromSeconds(10)), "the server did not finish the request");
    }

    internal void Ended() => _ended.Release();
}

/// <summary>Keeps every log entry written at Warning or above, so tests can read them.</summary>
public sealed class LogSink : ILoggerProvider
{
    public ConcurrentBag<string> Entries { get; } = [];

    public ILogger CreateLogger(string categoryName) => new Logger(this);

    public void Dispose()
    {
    }

    internal void Unhandled(Exception exception) => Add($"Error: unhandled exception {exception}");

    private void Add(string entry) => Entries.Add(entry);

    private sealed class Logger(LogSink sink) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                sink.Add($"{logLevel}: {formatter(state, exception)} {exception?.Message}");
            }
        }
    }
}
