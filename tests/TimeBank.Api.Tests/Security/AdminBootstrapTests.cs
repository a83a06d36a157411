using TimeBank.Api.Tests.Infrastructure;

namespace TimeBank.Api.Tests.Security;

/// <summary>
/// Deployment admins are made only by someone with a shell on the host (<c>TimeBank.Api admin grant EMAIL</c>),
/// never by registering an address: registering proves nothing about owning it.
/// </summary>
public sealed class AdminBootstrapTests(TimeBankApplication app) : IClassFixture<TimeBankApplication>
{
    [Theory]
    [InlineData(TimeBankApplication.AdminEmail)]
    [InlineData("first-to-register@test.local")]
    public async Task RegisteringNeverMakesAnAdmin(string email)
    {
        var registered = await TokenRequests.PostAsync(app,
            "mutation($input: RegisterInput!) { register(input: $input) { accessToken errors { code } } }",
            null, new { input = new { email, password = TimeBankApplication.Password } });
        var token = (string)registered.Body["data"]!["register"]!["accessToken"]!;

        var me = await TokenRequests.PostAsync(app, TokenRequests.Me, token);

        Assert.Equal(false, (bool?)me.Body["data"]?["me"]?["isAdmin"]);
    }

    [Fact]
    public async Task TheRetiredAdminEmailsSettingStopsTheStartWithWhatToDoInstead()
    {
        var folder = TempFolder.Create();
        try
        {
            using var api = ApiProcess.Start(ApiProcess.FreePort(), new Dictionary<string, string>
            {
                ["TimeBank__DataDirectory"] = folder,
                ["Auth__AdminEmails__0"] = "someone@example.org",
            });

            var exitCode = await api.WaitForExitAsync(TimeSpan.FromSeconds(60));

            Assert.Equal(1, exitCode);
            Assert.Contains("Auth:AdminEmails", api.StandardError, StringComparison.Ordinal);
            Assert.Contains("admin grant", api.StandardError, StringComparison.Ordinal);
        }
        finally
        {
            TempFolder.Delete(folder);
        }
    }

    [Fact]
    public async Task AdminGrantOnTheHostMakesARegisteredUserAnAdminAtTheirNextLogin()
    {
        await app.RegisterAsync("operator@test.local");

        var (exitCode, output, _) = await AdminAsync("grant", "Operator@Test.local");
        var token = await LoginAsync("operator@test.local");
        var created = await app.GraphQLAsync(
            "mutation { createCommunity(input: { slug: \"granted\", name: \"Granted\", timeZone: \"Europe/Lisbon\" }) { errors { code } } }",
            token: token);

        Assert.Equal(0, exitCode);
        Assert.Contains("operator@test.local", output, StringComparison.Ordinal);
        Assert.Equal(true, (bool?)(await TokenRequests.PostAsync(app, TokenRequests.Me, token)).Body["data"]?["me"]?["isAdmin"]);
        Assert.Empty(created["data"]!["createCommunity"]!["errors"]!.AsArray());
    }

    [Fact]
    public async Task AdminGrantForAnEmailNobodyRegisteredChangesNothing()
    {
        var (exitCode, _, error) = await AdminAsync("grant", "nobody-yet@test.local");
        await app.RegisterAsync("nobody-yet@test.local");
        var token = await LoginAsync("nobody-yet@test.local");

        Assert.Equal(1, exitCode);
        Assert.Contains("register first", error, StringComparison.Ordinal);
        Assert.Equal(false, (bool?)(await TokenRequests.PostAsync(app, TokenRequests.Me, token)).Body["data"]?["me"]?["isAdmin"]);
    }

    [Fact]
    public async Task AdminRevokeMakesAnAdminAnOrdinaryUserAtTheirNextLogin()
    {
        await app.RegisterAsync("former@test.local");
        await AdminAsync("grant", "former@test.local");

        var (exitCode, _, _) = await AdminAsync("revoke", "former@test.local");
        var token = await LoginAsync("former@test.local");
        var (_, list, _) = await AdminAsync("list");

        Assert.Equal(0, exitCode);
        Assert.Equal(false, (bool?)(await TokenRequests.PostAsync(app, TokenRequests.Me, token)).Body["data"]?["me"]?["isAdmin"]);
        Assert.DoesNotContain("former@test.local", list, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("grant")]
    [InlineData("promote", "someone@test.local")]
    [InlineData("grant", "a@test.local", "b@test.local")]
    public async Task AMistypedCommandPrintsHowToUseIt(params string[] words)
    {
        var (exitCode, _, error) = await AdminAsync(words);

        Assert.Equal(2, exitCode);
        Assert.Contains("admin grant EMAIL", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheBuiltProgramRunsTheCommand()
    {
        await app.RegisterAsync("from-shell@test.local");
        var start = new System.Diagnostics.ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetDirectoryName(typeof(Program).Assembly.Location)!,
        };
        foreach (var argument in new[] { typeof(Program).Assembly.Location, "admin", "grant", "from-shell@test.local", "--TimeBank:DataDirectory=" + app.DataDirectory })
        {
            start.ArgumentList.Add(argument);
        }

        using var process = System.Diagnostics.Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();

        Assert.True(process.ExitCode == 0, error);
        Assert.Contains("from-shell@test.local is a deployment admin", output, StringComparison.Ordinal);
    }

    /// <summary>The command as the operator runs it, in this process, on this application's data folder.</summary>
    private async Task<(int ExitCode, string Output, string Error)> AdminAsync(params string[] words)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        string[] args = ["admin", .. words, "--TimeBank:DataDirectory=" + app.DataDirectory];
        var exitCode = await Api.Features.Identity.AdminCommand.RunAsync(args, output, error);
        return (exitCode, output.ToString(), error.ToString());
    }

    private async Task<string> LoginAsync(string email)
    {
        var login = await app.GraphQLAsync(
            "mutation($input: LoginInput!) { login(input: $input) { accessToken errors { code } } }",
            new { input = new { email, password = TimeBankApplication.Password } });
        return (string)TestCommunity.Ok(login, "login")["accessToken"]!;
    }
}
