namespace TimeBank.GraphQL.Mutations;

/// <summary>
/// The base of every mutation payload: the changed objects (declared by the subclass) and the user errors.
/// A payload with errors usually has its objects null.
/// </summary>
public abstract class Payload
{
    /// <summary>The expected problems that stopped the mutation; empty on success.</summary>
    public IReadOnlyList<UserError> Errors { get; init; } = [];

    /// <summary>A payload that only carries errors.</summary>
    public static TPayload Fail<TPayload>(IEnumerable<UserError> errors)
        where TPayload : Payload, new() =>
        new() { Errors = [.. errors] };

    /// <summary>A payload that only carries errors.</summary>
    public static TPayload Fail<TPayload>(params UserError[] errors)
        where TPayload : Payload, new() =>
        new() { Errors = errors };
}
