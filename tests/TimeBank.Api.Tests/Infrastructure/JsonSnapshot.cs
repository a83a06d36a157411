using System.Text.Json;
using System.Text.Json.Nodes;
using Snapshooter.Xunit;

namespace TimeBank.Api.Tests.Infrastructure;

/// <summary>
/// A whole GraphQL response compared with the test's snapshot (<c>__snapshots__/Class.Method.snap</c>, indented JSON). Pin
/// what varies (the fake clock for times, a fresh database for IDs) rather than ignoring fields; CI runs with
/// <c>SNAPSHOOTER_STRICT_MODE=true</c>, so a missing snapshot fails there instead of being written.
/// </summary>
public static class JsonSnapshot
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static void Match(JsonNode response) => Snapshot.Match(response.ToJsonString(Indented));
}
