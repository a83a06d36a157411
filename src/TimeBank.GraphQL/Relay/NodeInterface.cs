using GraphQL.Types;

namespace TimeBank.GraphQL.Relay;

/// <summary>The Relay <c>Node</c> interface: every object that can be fetched again by its global ID.</summary>
public sealed class NodeInterface : InterfaceGraphType
{
    public NodeInterface()
    {
        Name = "Node";
        Description = "An object with a global ID; `node(id:)` fetches it again.";
        Field<NonNullGraphType<IdGraphType>>("id").Description("The object's opaque global ID.");
    }
}
