using System.Text;

namespace TimeBank.GraphQL.Mutations;

/// <summary>How codes are spelled: SCREAMING_SNAKE, made from the names of the values that stand for them.</summary>
public static class UserErrorCodes
{
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
