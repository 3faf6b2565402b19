using System.Text;
using System.Text.RegularExpressions;

namespace AgentPlatform.Core.Persistence;

/// <summary>
/// What PostgreSQL cannot store: a NUL in text (22021), and a lone UTF-16 surrogate (no UTF-8 form; as a
/// <c>\udXXX</c> escape, jsonb refuses it too). The Api refuses such input with a 400; text from outside (tool
/// results, model output) is stored with U+FFFD in their place by the value converters of <see cref="AgentDbContext"/>.
/// </summary>
public static partial class StorableText
{
    public const char Replacement = '\uFFFD';

    public static bool IsStorable(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '\0')
            {
                return false;
            }

            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(c))
            {
                return false;
            }
        }

        return true;
    }

    public static string Sanitize(string text)
    {
        if (IsStorable(text))
        {
            return text;
        }

        var builder = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                builder.Append(c).Append(text[++i]);
            }
            else
            {
                builder.Append(c == '\0' || char.IsSurrogate(c) ? Replacement : c);
            }
        }

        return builder.ToString();
    }

    /// <summary>Also replaces the JSON escapes jsonb refuses: <c>\u0000</c> and unpaired surrogate escapes.</summary>
    public static string SanitizeJson(string json)
    {
        var text = Sanitize(json);
        return text.Contains("\\u", StringComparison.Ordinal) ? RefusedEscape().Replace(text, "$1\\ufffd") : text;
    }

    // An escape is one only after an even number of backslashes; a high surrogate escape counts when a low one follows.
    [GeneratedRegex(@"(?<!\\)((?:\\\\)*)\\u(?:0000|[dD][89abAB][0-9a-fA-F]{2}(?!\\u[dD][c-fC-F][0-9a-fA-F]{2})|(?<!\\u[dD][89abAB][0-9a-fA-F]{2}\\u)[dD][c-fC-F][0-9a-fA-F]{2})")]
    private static partial Regex RefusedEscape();
}
