using System.Globalization;
using System.Text;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// What a token's <c>sub</c> may be: it becomes the owner id stored with every session, so a value PostgreSQL cannot
/// store (a NUL, a lone surrogate) or one past the column's 200 characters would fail later as a 500. Control,
/// format (bidi overrides) and white-space characters are refused too: an owner id is an identifier, not text.
/// </summary>
public static class SubjectRules
{
    public const int MaxLength = 200;

    public static bool IsValid(string? sub) =>
        !string.IsNullOrEmpty(sub) && sub.Length <= MaxLength && sub.EnumerateRunes().All(IsAllowed) && !HasLoneSurrogate(sub);

    private static bool IsAllowed(Rune rune) =>
        rune != Rune.ReplacementChar && !Rune.IsControl(rune) && !Rune.IsWhiteSpace(rune)
        && Rune.GetUnicodeCategory(rune) is not (UnicodeCategory.Format or UnicodeCategory.Surrogate or UnicodeCategory.PrivateUse);

    private static bool HasLoneSurrogate(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(text[i]))
            {
                return true;
            }
        }

        return false;
    }
}
