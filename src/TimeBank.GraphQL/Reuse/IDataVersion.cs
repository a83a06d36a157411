namespace TimeBank.GraphQL.Reuse;

/// <summary>
/// The version of everything a query can read: two reads give the same number only if nothing was committed between
/// them, by any writer. Registering one lets the HTTP transport reuse a query's answer (<see cref="QueryResponseCache"/>);
/// a host whose store cannot tell registers none, and every query runs.
/// </summary>
public interface IDataVersion
{
    /// <summary>
    /// The current version, read before a query runs, so an answer is never filed under a newer version than it saw;
    /// false when it cannot be told at this moment (nothing is then looked up or kept).
    /// </summary>
    bool TryRead(out long version);
}
