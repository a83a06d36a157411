using TimeBank.Api.Schema;

namespace TimeBank.Api.Tests.Features.Identity;

public sealed class LoginTests : IDisposable
{
    private readonly IdentityFixture _identity = new();

    [Fact]
    public async Task SignsInWithTheRegisteredPasswordWhateverTheEmailCase()
    {
        var registered = await _identity.RegisterAsync("Maria@Example.org");

        var outcome = await _identity.LoginAsync("  maria@example.ORG ", "correct horse battery");

        Assert.True(outcome.Succeeded, outcome.Message);
        Assert.Equal(registered.User.Id, outcome.Value!.User.Id);
        Assert.NotEqual(registered.RefreshToken, outcome.Value.RefreshToken);
    }

    [Fact]
    public async Task GivesTheSameAnswerForAnUnknownEmailAndAWrongPassword()
    {
        await _identity.RegisterAsync("maria@example.org");

        var unknown = await _identity.LoginAsync("nobody@example.org", "correct horse battery");
        var wrong = await _identity.LoginAsync("maria@example.org", "incorrect horse");

        Assert.Equal(ErrorCode.InvalidCredentials, unknown.Code);
        Assert.Equal(ErrorCode.InvalidCredentials, wrong.Code);
        Assert.Equal(unknown.Message, wrong.Message);
    }

    [Fact]
    public async Task LocksTheAccountAfterRepeatedFailuresUntilTheLockoutEnds()
    {
        await _identity.RegisterAsync("maria@example.org");
        for (var i = 0; i < _identity.Options.LockoutThreshold; i++)
        {
            Assert.Equal(ErrorCode.InvalidCredentials, (await _identity.LoginAsync("maria@example.org", "guess " + i)).Code);
        }

        var locked = await _identity.LoginAsync("maria@example.org", "correct horse battery");
        _identity.Clock.Advance(_identity.Options.LockoutDuration + TimeSpan.FromSeconds(1));
        var afterLockout = await _identity.LoginAsync("maria@example.org", "correct horse battery");

        Assert.Equal(ErrorCode.LockedOut, locked.Code);
        Assert.True(afterLockout.Succeeded, afterLockout.Message);
    }

    [Fact]
    public async Task ThrottlesAttemptsFromOneAddress()
    {
        _identity.Options.LoginAttemptsPerMinute = 3;
        using var throttle = new TimeBank.Api.Features.Identity.LoginThrottle(_identity.Options, _identity.Clock);

        var verdicts = Enumerable.Range(0, 4).Select(_ => throttle.TryAcquire("10.0.0.1")).ToList();

        Assert.Equal([true, true, true, false], verdicts);
        Assert.True(throttle.TryAcquire("10.0.0.2"));
    }

    public void Dispose() => _identity.Dispose();
}
