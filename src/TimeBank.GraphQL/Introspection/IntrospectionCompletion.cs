using GraphQL;
using GraphQL.Resolvers;
using GraphQL.Types;
using GraphQL.Utilities;

namespace TimeBank.GraphQL.Introspection;

/// <summary>
/// Completes GraphQL.NET 8's introspection so that graphql-js's full introspection query, every option on,
/// validates and runs: the schema's feature switches give <c>__Directive.isRepeatable</c> and deprecated
/// input values (<c>includeDeprecated</c> on <c>__Field.args</c> and <c>__Type.inputFields</c>,
/// <c>isDeprecated</c> on <c>__InputValue</c>); this visitor adds what GraphQL.NET has no switch for,
/// <c>__Type.specifiedByURL</c> and <c>__Directive.args(includeDeprecated:)</c>. It also takes
/// <c>__schema</c> and <c>__type</c> out of the complexity budget: what they cost is counted exactly by
/// <see cref="IntrospectionBudgetRule"/>.
/// </summary>
internal sealed class IntrospectionCompletion : BaseSchemaNodeVisitor
{
    /// <summary>Turns the switches on; they must be set before the schema initializes.</summary>
    public static void Configure(ISchema schema)
    {
        schema.Features.RepeatableDirectives = true;
        schema.Features.DeprecationOfInputValues = true;
        schema.RegisterVisitor(new IntrospectionCompletion());
    }

    public override void VisitSchema(ISchema schema)
    {
        var types = schema.AllTypes;
        var boolean = types["Boolean"]!;
        if (types["__Type"] is IObjectGraphType type && !type.HasField("specifiedByURL"))
        {
            type.AddField(new FieldType
            {
                Name = "specifiedByURL",
                Description = "Where a custom scalar's behaviour is specified; null for every other type.",
                ResolvedType = types["String"],
                // GraphQL.NET 8 has no way to declare a scalar's specification (no @specifiedBy), so no type has one.
                Resolver = new FuncFieldResolver<object?>(_ => null),
            });
        }

        if (types["__Directive"] is IObjectGraphType directive && directive.GetField("args") is { } args
            && args.Arguments?.Find("includeDeprecated") is null)
        {
            args.Arguments ??= [];
            args.Arguments.Add(new QueryArgument(boolean) { Name = "includeDeprecated", DefaultValue = false });
            args.Resolver = new FuncFieldResolver<Directive, IEnumerable<QueryArgument>>(context =>
            {
                var all = (IEnumerable<QueryArgument>?)context.Source.Arguments ?? [];
                return context.GetArgument<bool>("includeDeprecated") ? all : all.Where(a => string.IsNullOrWhiteSpace(a.DeprecationReason));
            });
        }

        // Counted 1 each; what they select is counted by IntrospectionBudgetRule, against its own bound.
        schema.SchemaMetaFieldType.WithComplexityImpact(1, 0);
        schema.TypeMetaFieldType.WithComplexityImpact(1, 0);
    }
}
