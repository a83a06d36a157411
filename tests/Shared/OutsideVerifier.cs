using System.Diagnostics;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text.Json.Nodes;

namespace TimeBank.Tests.Shared;

/// <summary>
/// Linked into the ledger's and the API's test projects (one copy of the code that runs the tools nobody here wrote).
/// Runs <c>tests/verifier/verify_evidence_pack.py</c> (Python, written without our code) on a pack, and forges packs for
/// it to catch. python3 must be on PATH (.ci/run installs it); a missing one fails the test instead of skipping it.
/// </summary>
internal static class OutsideVerifier
{
    public static string Script { get; } = Path.Combine(FindRepositoryRoot(), "tests", "verifier", "verify_evidence_pack.py");

    /// <summary>The verifier's exit code and its JSON summary.</summary>
    public static async Task<(int ExitCode, JsonObject Summary)> RunAsync(string pack)
    {
        var start = new ProcessStartInfo("python3") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(Script);
        start.ArgumentList.Add(pack);
        using var process = Process.Start(start) ?? throw new InvalidOperationException("python3 did not start");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        var text = await stdout;
        var summary = JsonNode.Parse(text)?.AsObject() ?? throw new InvalidOperationException($"verifier said: {text} {await stderr}");
        return (process.ExitCode, summary);
    }

    /// <summary>Runs the real <c>hledger</c> (on PATH; .ci/run installs it) and returns its exit code, output and errors.</summary>
    public static async Task<(int ExitCode, string Output, string Errors)> HledgerAsync(params string[] arguments)
    {
        var start = new ProcessStartInfo("hledger") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        using var process = Process.Start(start) ?? throw new InvalidOperationException("hledger did not start");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await stdout, await stderr);
    }

    /// <summary>
    /// A copy of <paramref name="pack"/> with one file rewritten by <paramref name="edit"/> and the manifest re-hashed to
    /// match, as a forger would: only the records' own checks can catch it.
    /// </summary>
    public static string Forge(string pack, string file, Func<string, string> edit)
    {
        var forged = Path.Combine(Path.GetDirectoryName(pack)!, "forged-" + Guid.NewGuid().ToString("N") + ".zip");
        using var source = ZipFile.OpenRead(pack);
        var contents = source.Entries.ToDictionary(e => e.FullName, e =>
        {
            using var reader = new StreamReader(e.Open());
            return reader.ReadToEnd();
        });
        var original = contents[file];
        contents[file] = edit(original);
        Assert.NotEqual(original, contents[file]);
        var manifest = JsonNode.Parse(contents["manifest.json"])!;
        foreach (var listed in manifest["files"]!.AsArray())
        {
            if ((string?)listed!["name"] == file)
            {
                var bytes = System.Text.Encoding.UTF8.GetBytes(contents[file]);
                listed["sha256"] = Convert.ToHexStringLower(SHA256.HashData(bytes));
                listed["bytes"] = bytes.Length;
            }
        }
        contents["manifest.json"] = manifest.ToJsonString();
        using var target = ZipFile.Open(forged, ZipArchiveMode.Create);
        foreach (var (name, text) in contents)
        {
            using var writer = new StreamWriter(target.CreateEntry(name).Open(), new System.Text.UTF8Encoding(false));
            writer.Write(text);
        }
        return forged;
    }

    private static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "TimeBank.sln")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException("TimeBank.sln not found above " + AppContext.BaseDirectory);
    }
}
