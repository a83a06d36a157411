using System.Text.RegularExpressions;
using FluentValidation;
using GraphQL;
using GraphQL.Execution;
using GraphQL.Types;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Internal;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using TimeBank.Api.Data;
using TimeBank.Api.Schema;
using TimeBank.Api.Tests.Infrastructure;
using TimeBank.GraphQL.Mutations;

namespace TimeBank.Api.Tests.Schema;

/// <summary>
/// The "Errors: …" list of each mutation's description is written from the codes its registration declares
/// (<see cref="MutationErrors"/>), and <see cref="MutationRunner"/> refuses, outside Production, an answer with a code
/// the mutation did not declare: every test that reaches such a code fails, so the lists cannot drift from the code.
/// </summary>
public sealed partial class MutationErrorListTests(TimeBankApplication app) : IClassFixture<TimeBankApplication>
{
    [Fact]
    public void EveryMutationDeclaresItsErrorsAndItsDescriptionListsExactlyThose()
    {
        var schema = app.Services.GetRequiredService<TimeBankSchema>();
        schema.Initialize();

        Assert.All(schema.Mutation!.Fields, field =>
        {
            var declared = MutationErrors.Declared(field);
            Assert.True(declared is not null, $"{field.Name} is not registered with its errors (MutationErrors.Mutation).");
            var listed = ErrorList().Matches(field.Description ?? "");
            var list = Assert.Single(listed).Groups["codes"].Value.Split(", ");
            Assert.Equal(declared!.Order(StringComparer.Ordinal), list.Order(StringComparer.Ordinal));
            Assert.Contains("INVALID_INPUT", list);
        });
    }

    [Fact]
    public async Task AnAnswerWithAnUndeclaredCodeIsRefusedOutsideProduction()
    {
        var context = Resolving(Toy([ErrorCode.Forbidden]), app.Services);

        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => RunAsync(context, new Failure(ErrorCode.NotFound, "No such toy.")));

        Assert.Contains("toy answered NOT_FOUND", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ADeclaredCodeIsAnsweredInThePayload()
    {
        var context = Resolving(Toy([ErrorCode.NotFound]), app.Services);

        var payload = await RunAsync(context, new Failure(ErrorCode.NotFound, "No such toy."));

        Assert.Equal("NOT_FOUND", Assert.Single(payload.Errors).Code);
    }

    [Fact]
    public async Task InProductionAnUndeclaredCodeIsStillAnsweredInThePayload()
    {
        var services = new ServiceCollection()
            .AddSingleton<IHostEnvironment>(new HostingEnvironment { EnvironmentName = Environments.Production })
            .AddSingleton<ILoggerFactory>(NullLoggerFactory.Instance)
            .AddSingleton(app.Services.GetRequiredService<IDbContextFactory<TimeBankDbContext>>())
            .BuildServiceProvider();
        var context = Resolving(Toy([ErrorCode.Forbidden]), services);

        var payload = await RunAsync(context, new Failure(ErrorCode.NotFound, "No such toy."));

        Assert.Equal("NOT_FOUND", Assert.Single(payload.Errors).Code);
    }

    private static FieldType Toy(ErrorCode[] errors) =>
        new ObjectGraphType().Mutation<ToyInputType, ToyPayloadType>("toy", "A toy mutation.", errors).FieldType;

    private static ResolveFieldContext Resolving(FieldType field, IServiceProvider services) => new()
    {
        FieldDefinition = field,
        Arguments = new Dictionary<string, ArgumentValue> { [MutationExtensions.InputArgument] = new(new ToyInput(), ArgumentSource.Literal) },
        RequestServices = services,
    };

    private static Task<ToyPayload> RunAsync(ResolveFieldContext context, Failure answer) =>
        context.RunAsync<ToyInput, object, ToyPayload>(new InlineValidator<ToyInput>(), (_, _) => Task.FromResult<Outcome<object>>(answer), _ => new ToyPayload());

    [GeneratedRegex(@"Errors: (?<codes>[A-Z_]+(, [A-Z_]+)*)\.$")]
    private static partial Regex ErrorList();

    private sealed record ToyInput;

    private sealed class ToyInputType : InputObjectGraphType<ToyInput>;

    private sealed class ToyPayload : Payload;

    private sealed class ToyPayloadType : PayloadType<ToyPayload>;
}
