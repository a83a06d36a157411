using GraphQL;
using GraphQL.Execution;
using GraphQL.Types;
using GraphQL.Validation;
using GraphQLParser.AST;

namespace TimeBank.GraphQL.Authorization;

/// <summary>
/// Checks the requirements declared with <see cref="AuthorizationRequirements"/> on every field and type the
/// selected operation would touch, before execution. Fields skipped by <c>@skip</c>/<c>@include</c> are not
/// checked, fragments and inline fragments are followed, introspection is always allowed. Failures are
/// <see cref="AuthorizationError"/>s: <c>UNAUTHENTICATED</c> without a signed-in user, <c>FORBIDDEN</c> otherwise.
/// </summary>
/// <remarks>
/// The result depends on <see cref="ValidationContext.User"/>, so it must run on every request, cached
/// document or not (it is registered for cached documents too). Argument-dependent rules such as
/// "only the owner" belong in resolvers.
/// </remarks>
public sealed class AuthorizationValidationRule(AuthorizationOptions options) : ValidationRuleBase
{
    // After the first pass, so variables (for @skip/@include) and argument values (for policies) are known.
    public override ValueTask<INodeVisitor?> GetPostNodeVisitorAsync(ValidationContext context)
    {
        var root = context.Operation.Operation switch
        {
            OperationType.Query => context.Schema.Query,
            OperationType.Mutation => context.Schema.Mutation,
            OperationType.Subscription => context.Schema.Subscription,
            _ => null,
        };
        if (root is not null)
        {
            var walk = new Walk(context, options);
            walk.CheckType(root, context.Operation);
            walk.Visit(context.Operation.SelectionSet, root);
        }
        return default;
    }

    private sealed class Walk(ValidationContext context, AuthorizationOptions options)
    {
        private static readonly Dictionary<string, ArgumentValue> NoArguments = [];
        private readonly HashSet<string> _fragmentsOnPath = new(StringComparer.Ordinal);
        private readonly bool _signedIn = context.User?.Identity?.IsAuthenticated == true;

        public void Visit(GraphQLSelectionSet? selections, IGraphType parent)
        {
            foreach (var selection in selections?.Selections ?? [])
            {
                if (!context.ShouldIncludeNode(selection))
                {
                    continue;
                }
                switch (selection)
                {
                    case GraphQLField field:
                        VisitField(field, parent);
                        break;
                    case GraphQLInlineFragment inline:
                        var inlineType = inline.TypeCondition is null ? parent : context.Schema.AllTypes[inline.TypeCondition.Type.Name.StringValue];
                        if (inlineType is not null)
                        {
                            CheckType(inlineType, inline);
                            Visit(inline.SelectionSet, inlineType);
                        }
                        break;
                    case GraphQLFragmentSpread spread:
                        var name = spread.FragmentName.Name.StringValue;
                        var fragment = context.Document.Definitions
                            .OfType<GraphQLFragmentDefinition>()
                            .FirstOrDefault(f => f.FragmentName.Name.StringValue == name);
                        var fragmentType = fragment is null ? null : context.Schema.AllTypes[fragment.TypeCondition.Type.Name.StringValue];
                        // Cycles are another rule's error; here they must only not loop.
                        if (fragmentType is not null && _fragmentsOnPath.Add(name))
                        {
                            CheckType(fragmentType, spread);
                            Visit(fragment!.SelectionSet, fragmentType);
                            _fragmentsOnPath.Remove(name);
                        }
                        break;
                }
            }
        }

        public void CheckType(IGraphType type, ASTNode node) =>
            Check(AuthorizationRequirements.Read(type as IMetadataReader), type, null, NoArguments, node, $"type {type.Name}");

        private void VisitField(GraphQLField field, IGraphType parent)
        {
            var name = field.Name.StringValue;
            // Introspection (__typename, __schema, __type) describes the schema, which is public.
            if (name.StartsWith("__", StringComparison.Ordinal)
                || parent is not IComplexGraphType complex
                || complex.GetField(name) is not { } definition)
            {
                return;
            }
            IReadOnlyDictionary<string, ArgumentValue> arguments = context.ArgumentValues?.TryGetValue(field, out var values) == true ? values.AsReadOnly() : NoArguments;
            Check(AuthorizationRequirements.Read(definition), parent, definition, arguments, field, $"field {parent.Name}.{name}");

            var returned = definition.ResolvedType?.GetNamedType();
            if (returned is not null)
            {
                CheckType(returned, field);
                Visit(field.SelectionSet, returned);
            }
        }

        private void Check(
            AuthorizationRequirements.Declared? required,
            IGraphType type,
            FieldType? field,
            IReadOnlyDictionary<string, ArgumentValue> arguments,
            ASTNode node,
            string what)
        {
            if (required is null)
            {
                return;
            }
            var missing = required.Missing(context.User, options, type, field, arguments, context.RequestServices);
            if (missing is null)
            {
                return;
            }
            var error = _signedIn
                ? new AuthorizationError(context.Document.Source, node, AuthorizationError.Forbidden, $"Access to {what} requires {missing}.")
                : new AuthorizationError(context.Document.Source, node, AuthorizationError.Unauthenticated, $"Access to {what} requires a signed-in user.");
            context.ReportError(error);
        }
    }
}
