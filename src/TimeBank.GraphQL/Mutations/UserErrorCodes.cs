using System.Collections.Concurrent;
using System.Reflection;
using System.Text;

namespace TimeBank.GraphQL.Mutations;

/// <summary>
/// Marks a member of a result-status enum as a user error and gives its message; the code is the member's
/// name in SCREAMING_SNAKE (<c>InsufficientCredit</c> becomes <c>INSUFFICIENT_CREDIT</c>) unless <see cref="Code"/> says otherwise.
/// The enum with these attributes is the one place where statuses become codes.
/// </summary>
[AttributeUsage(AttributeTargets.Field)]
public sealed class UserErrorAttribute(string message) : Attribute
{
    public string Message { get; } = message;

    /// <summary>An explicit code, when the member's name does not give the right one.</summary>
    public string? Code { get; init; }
}

/// <summary>Reads the codes and messages declared with <see cref="UserErrorAttribute"/>.</summary>
public static class UserErrorCodes
{
    private static readonly ConcurrentDictionary<(Type, string), (string Code, string Message)> Cache = new();

    /// <summary>The code and message of <paramref name="status"/>.</summary>
    /// <exception cref="InvalidOperationException">The member has no <see cref="UserErrorAttribute"/>: it is not an error.</exception>
    public static (string Code, string Message) Describe<TStatus>(TStatus status)
        where TStatus : struct, Enum =>
        Cache.GetOrAdd((typeof(TStatus), status.ToString()), key =>
        {
            var member = key.Item1.GetField(key.Item2, BindingFlags.Public | BindingFlags.Static)
                ?? throw new InvalidOperationException($"{key.Item1.Name} has no member {key.Item2}.");
            var declared = member.GetCustomAttribute<UserErrorAttribute>()
                ?? throw new InvalidOperationException($"{key.Item1.Name}.{key.Item2} is not marked [UserError], so it is not a user error.");
            return (declared.Code ?? ToScreamingSnake(member.Name), declared.Message);
        });

    /// <summary>Every user error <typeparamref name="TStatus"/> declares, e.g. to list codes in documentation.</summary>
    public static IReadOnlyList<(string Code, string Message)> All<TStatus>()
        where TStatus : struct, Enum =>
        [.. Enum.GetValues<TStatus>()
            .Where(s => typeof(TStatus).GetField(s.ToString())!.IsDefined(typeof(UserErrorAttribute)))
            .Select(Describe)];

    /// <summary><c>InsufficientCredit</c> → <c>INSUFFICIENT_CREDIT</c>, <c>HTTPTimeout</c> → <c>HTTP_TIMEOUT</c>.</summary>
    public static string ToScreamingSnake(string name)
    {
        var code = new StringBuilder(name.Length + 8);
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            var wordStarts = i > 0 && char.IsUpper(c)
                && (char.IsLower(name[i - 1]) || char.IsDigit(name[i - 1]) || (i + 1 < name.Length && char.IsLower(name[i + 1])));
            if (wordStarts && name[i - 1] != '_')
            {
                code.Append('_');
            }
            code.Append(char.ToUpperInvariant(c));
        }
        return code.ToString();
    }
}
