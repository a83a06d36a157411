namespace TimeBank.Api.Features.Identity;

/// <summary>What makes a password acceptable: long enough, not one of the passwords guessed first.</summary>
public static class PasswordRules
{
    public const int MinimumLength = 10;
    public const int MaximumLength = 128;

    // The head of the public breach lists; a guesser tries these before anything else.
    private static readonly HashSet<string> Common = new(StringComparer.OrdinalIgnoreCase)
    {
        "1234567890", "12345678910", "123456789a", "qwertyuiop", "password123", "password12", "password1!",
        "1q2w3e4r5t", "qwerty1234", "iloveyou12", "abcdefghij", "0123456789", "letmein123", "welcome123",
        "passw0rd12", "administrator", "qwerty12345", "1qaz2wsx3edc", "zaq12wsxcde", "timebank123",
    };

    public static bool IsLongEnough(string password) => password.Length >= MinimumLength;

    public static bool IsNotTooLong(string password) => password.Length <= MaximumLength;

    public static bool IsNotCommon(string password) => !Common.Contains(password);

    /// <summary>At least four different characters: "aaaaaaaaaa" and "ababababab" are refused.</summary>
    public static bool HasVariety(string password) => password.Distinct().Count() >= 4;
}
