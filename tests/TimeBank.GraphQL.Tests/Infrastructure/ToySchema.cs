using System.Security.Claims;
using GraphQL;
using GraphQL.Types;
using GraphQL.Validation;
using GraphQLParser.AST;
using Microsoft.Extensions.DependencyInjection;

namespace TimeBank.GraphQL.Tests.Infrastructure;

/// <summary>A schema with one of everything the transports must carry, and nothing else.</summary>
public sealed class ToySchema : global::GraphQL.Types.Schema
{
    public ToySchema(IServiceProvider services, ToyQuery query, ToyMutation mutation, ToySubscription subscription) : base(services)
    {
        Query = query;
        Mutation = mutation;
        Subscription = subscription;
        // What the full introspection query of graphql-js asks about.
        Features.RepeatableDirectives = true;
        Features.DeprecationOfInputValues = true;
    }
}

public sealed class ToyQuery : ObjectGraphType
{
    public ToyQuery()
    {
        Name = "Query";
        Field<NonNullGraphType<StringGraphType>>("hello").Resolve(_ => "world");
        Field<NonNullGraphType<StringGraphType>>("echo")
            .Argument<NonNullGraphType<StringGraphType>>("text")
            .Resolve(context => context.GetArgument<string>("text"));
        Field<StringGraphType>("boom").Resolve(_ => throw new InvalidOperationException("secret detail"));
        Field<StringGraphType>("slow").ResolveAsync(async context =>
        {
            await Task.Delay(Timeout.InfiniteTimeSpan, context.CancellationToken);
            return "never";
        });
        Field<StringGraphType>("me").Resolve(context => context.User?.Identity?.Name);
        Field<StringGraphType>("admin").Resolve(_ => "secret");
        Field<ToyNodeType>("tree").Resolve(_ => new object());
        Field<NonNullGraphType<StringGraphType>>("scopeId")
            .Resolve(context => context.RequestServices!.GetRequiredService<ToyScoped>().Id.ToString());
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<ToyItemType>>>>("items")
            .Argument<IntGraphType>("first")
            .Resolve(context => Enumerable.Range(1, context.GetArgument("first", 3)).Select(i => $"item {i}"));
    }
}

public sealed class ToyNodeType : ObjectGraphType
{
    public ToyNodeType()
    {
        Name = "Node";
        Field<StringGraphType>("name").Resolve(_ => "node");
        Field<ToyNodeType>("child").Resolve(_ => new object());
    }
}

public sealed class ToyItemType : ObjectGraphType<string>
{
    public ToyItemType()
    {
        Name = "Item";
        Field<StringGraphType>("name").Resolve(context => context.Source);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<ToyItemType>>>>("items")
            .Argument<IntGraphType>("first")
            .Resolve(context => Enumerable.Range(1, context.GetArgument("first", 3)).Select(i => $"{context.Source}.{i}"));
    }
}

public sealed class ToyMutation : ObjectGraphType
{
    public ToyMutation(ToyCounter counter)
    {
        Name = "Mutation";
        Field<NonNullGraphType<IntGraphType>>("increment").Resolve(_ => counter.Increment());
    }
}

public sealed class ToySubscription : ObjectGraphType
{
    public ToySubscription(ToyEvents events)
    {
        Name = "Subscription";
        Field<NonNullGraphType<IntGraphType>, int>("events").ResolveStream(_ => events);
        Field<NonNullGraphType<IntGraphType>, int>("broken").ResolveStream(_ => throw new InvalidOperationException("no stream"));
    }
}

public sealed class ToyCounter
{
    private int _value;

    public int Increment() => Interlocked.Increment(ref _value);
}

/// <summary>A hot event source that counts who subscribed and who let go, so leaks show.</summary>
public sealed class ToyEvents : IObservable<int>
{
    private readonly Lock _gate = new();
    private readonly List<IObserver<int>> _observers = [];
    private int _subscribed;
    private int _disposed;

    public int Subscribed => Volatile.Read(ref _subscribed);

    public int Disposed => Volatile.Read(ref _disposed);

    public int Active
    {
        get
        {
            lock (_gate)
            {
                return _observers.Count;
            }
        }
    }

    public IDisposable Subscribe(IObserver<int> observer)
    {
        lock (_gate)
        {
            _observers.Add(observer);
        }
        Interlocked.Increment(ref _subscribed);
        return new Unsubscriber(this, observer);
    }

    public void Publish(int value)
    {
        IObserver<int>[] observers;
        lock (_gate)
        {
            observers = [.. _observers];
        }
        foreach (var observer in observers)
        {
            observer.OnNext(value);
        }
    }

    public void Complete()
    {
        IObserver<int>[] observers;
        lock (_gate)
        {
            observers = [.. _observers];
        }
        foreach (var observer in observers)
        {
            observer.OnCompleted();
        }
    }

    /// <summary>Waits until <paramref name="count"/> subscribers are listening.</summary>
    public async Task WaitForSubscribersAsync(int count)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (Active < count)
        {
            await Task.Delay(5, timeout.Token);
        }
    }

    private sealed class Unsubscriber(ToyEvents events, IObserver<int> observer) : IDisposable
    {
        private int _done;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _done, 1) != 0)
            {
                return;
            }
            lock (events._gate)
            {
                events._observers.Remove(observer);
            }
            Interlocked.Increment(ref events._disposed);
        }
    }
}

/// <summary>
/// Stands in for the real authorization rule: <c>me</c> needs a signed-in user (UNAUTHENTICATED),
/// <c>admin</c> needs the admin role (FORBIDDEN). Reported as validation errors, as the real one does.
/// </summary>
public sealed class ToyAuthorizationRule : ValidationRuleBase
{
    public override ValueTask<INodeVisitor?> GetPreNodeVisitorAsync(ValidationContext context) =>
        new(new MatchingNodeVisitor<GraphQLField>((field, ctx) =>
        {
            var user = ctx.User ?? new ClaimsPrincipal();
            var name = field.Name.StringValue;
            if (name == "me" && user.Identity?.IsAuthenticated != true)
            {
                ctx.ReportError(new ValidationError(ctx.Document.Source, null, "Sign in first.", field) { Code = "UNAUTHENTICATED" });
            }
            else if (name == "admin" && !user.IsInRole("admin"))
            {
                ctx.ReportError(new ValidationError(ctx.Document.Source, null, "Admins only.", field) { Code = "FORBIDDEN" });
            }
        }));
}

/// <summary>A scoped service that knows whether its scope was disposed.</summary>
public sealed class ToyScoped(ToyScopeCounter counter) : IDisposable
{
    public Guid Id { get; } = Guid.NewGuid();

    public void Dispose() => counter.Disposed();
}

public sealed class ToyScopeCounter
{
    private int _disposed;

    public int DisposedScopes => Volatile.Read(ref _disposed);

    internal void Disposed() => Interlocked.Increment(ref _disposed);
}
