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
}
