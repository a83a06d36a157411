using GraphQL;
using GraphQL.Builders;
using GraphQL.Types;
using TimeBank.GraphQL.Mutations;

namespace TimeBank.Api.Schema;

/// <summary>
/// The codes a mutation may answer in its payload's <c>errors</c>, declared once where it is registered. Its
/// description's "Errors: …" list is written from them, and <see cref="MutationRunner"/> checks every answer against
/// them, so the list a client reads cannot drift from what the mutation does.
/// </summary>
public static partial class MutationErrors
{
    private const string MetadataKey = "TimeBank.Api.Schema.MutationErrors";

    /// <summary>
    /// Adds <c><paramref name="name"/>(input: TInput!): TPayload!</c>, described as <paramref name="description"/>
    /// followed by the list of <paramref name="errors"/>. INVALID_INPUT is always on it: validation runs first and
    /// every input has rules.
    /// </summary>
    public static FieldBuilder<object?, object> Mutation<TInputType, TPayloadType>(
        this ObjectGraphType mutation, string name, string description, IReadOnlyCollection<ErrorCode> errors)
        where TInputType : IInputObjectGraphType
        where TPayloadType : IObjectGraphType
    {
        var declared = Enum.GetValues<ErrorCode>().Where(c => c == ErrorCode.InvalidInput || errors.Contains(c)).ToList();
        var field = MutationExtensions.Mutation<TInputType, TPayloadType>(mutation, name, Describe(description, declared));
        field.FieldType.Metadata[MetadataKey] = declared.Select(MutationRunner.Code).ToHashSet(StringComparer.Ordinal);
        return field;
    }

    /// <summary>The description of a mutation that may answer <paramref name="declared"/>, in <see cref="ErrorCode"/> order.</summary>
    public static string Describe(string description, IEnumerable<ErrorCode> declared) =>
        $"{description} Errors: {string.Join(", ", declared.Order().Select(MutationRunner.Code))}.";

    /// <summary>The codes <paramref name="field"/> declared, or null when it was not registered through <see cref="Mutation{TInputType, TPayloadType}"/>.</summary>
    public static IReadOnlySet<string>? Declared(FieldType field) => field.GetMetadata<HashSet<string>>(MetadataKey);

    /// <summary>
    /// Checks the codes of <paramref name="answered"/> against those the mutation being resolved declared. Outside
    /// Production an answer with an undeclared one is refused (an exception, so the test that reached it fails); in
    /// Production it is logged and sent, since the client is better served by the code than by an internal error.
    /// </summary>
    internal static void Check(IResolveFieldContext context, IEnumerable<UserError> answered)
    {
        var declared = Declared(context.FieldDefinition);
        var undeclared = answered.Select(e => e.Code).Where(code => declared?.Contains(code) != true).Distinct().ToList();
        if (undeclared.Count == 0)
        {
            return;
        }
        var problem = $"Mutation {context.FieldDefinition.Name} answered {string.Join(", ", undeclared)}, which its registration does not declare.";
        if (context.RequestServices?.GetService<IHostEnvironment>()?.IsProduction() != false)
        {
            LogUndeclared(context.Service<ILoggerFactory>().CreateLogger(typeof(MutationErrors)), problem);
            return;
        }
        throw new InvalidOperationException(problem + " Add it to the errors of its registration.");
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Problem}")]
    private static partial void LogUndeclared(ILogger logger, string problem);
}
