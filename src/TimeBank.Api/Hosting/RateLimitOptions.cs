namespace TimeBank.Api.Hosting;

/// <summary>
/// The <c>RateLimits</c> configuration section: how many mutations one user, and one client address, may run. Each is
/// a token bucket that holds at most its limit and refills at its limit per <see cref="Window"/>, so a burst of the
/// whole limit is allowed and then one mutation every <c>Window / limit</c>. 0 turns a limit off.
/// </summary>
public sealed class RateLimitOptions
{
    public const string Section = "RateLimits";

    /// <summary>Mutations per signed-in user per <see cref="Window"/>, wherever they come from.</summary>
    public int MutationsPerUser { get; set; } = 120;

    /// <summary>
    /// Mutations per client address (an IPv6 /64) per <see cref="Window"/>, signed in or not: several people may share
    /// an address, so this is larger. Behind a reverse proxy, forward the client's address or every client shares one.
    /// </summary>
    public int MutationsPerAddress { get; set; } = 600;

    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(1);
}
