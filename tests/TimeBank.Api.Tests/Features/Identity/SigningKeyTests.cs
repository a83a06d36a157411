using TimeBank.Api.Features.Identity;
using TimeBank.Api.Hosting;
using TimeBank.Api.Tests.Infrastructure;

namespace TimeBank.Api.Tests.Features.Identity;

public sealed class SigningKeyTests : IDisposable
{
    private readonly string _dataFolder = TempFolder.Create();

    [Fact]
    public void GeneratesAKeyOnceIntoTheDataFolderReadableOnlyByItsOwner()
    {
        var first = SigningKey.Load(new AuthOptions(), _dataFolder);
        var second = SigningKey.Load(new AuthOptions(), _dataFolder);

        Assert.Equal(32, first.Key.Length);
        Assert.Equal(first.Key, second.Key);
        if (!OperatingSystem.IsWindows())
        {
            var mode = File.GetUnixFileMode(Path.Combine(_dataFolder, SigningKey.FileName));
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, mode);
        }
    }

    [Fact]
    public void PrefersTheConfiguredKey()
    {
        var configured = Convert.ToBase64String(Enumerable.Range(0, 48).Select(i => (byte)i).ToArray());

        var key = SigningKey.Load(new AuthOptions { SigningKey = configured }, _dataFolder);

        Assert.Equal(48, key.Key.Length);
        Assert.False(File.Exists(Path.Combine(_dataFolder, SigningKey.FileName)));
    }

    [Theory]
    [InlineData("not base64 at all!", "not base64")]
    [InlineData("c2hvcnQ=", "at least 32")]
    public void RefusesABadConfiguredKeyWithoutShowingIt(string configured, string expected)
    {
        var error = Assert.Throws<StartupException>(() => SigningKey.Load(new AuthOptions { SigningKey = configured }, _dataFolder));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(configured, error.Message, StringComparison.Ordinal);
    }

    public void Dispose() => TempFolder.Delete(_dataFolder);
}
