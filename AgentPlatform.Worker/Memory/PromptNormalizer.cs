using System.Text;
using System.Text.RegularExpressions;

namespace AgentPlatform.Worker.Memory;

/// <summary>
/// The seed's prompt optimization: trailing whitespace and runs of spaces inside a line (indentation is kept, it means
/// something in code), blank-line runs cut to one, and a line that repeats the line just before it (with a letter or
/// digit in it: a lone brace is code) dropped.
/// </summary>
public static partial class PromptNormalizer
{
    public static string Normalize(string prompt)
    {
        var text = new StringBuilder(prompt.Length);
        string? previous = null;
        var blank = false;
        foreach (var raw in prompt.ReplaceLineEndings("\n").Split('\n'))
        {
            var indent = raw.Length - raw.TrimStart().Length;
            var line = raw[..indent] + InnerSpaces().Replace(raw.Trim(), " ");
            if (line.Trim().Length == 0)
            {
                blank = previous is not null;
                continue;
            }

            if (line == previous && line.Any(char.IsLetterOrDigit))
            {
                continue;
            }

            if (previous is not null)
            {
                text.Append(blank ? "\n\n" : "\n");
            }

            text.Append(line);
            previous = line;
            blank = false;
        }

        return text.ToString();
    }

    [GeneratedRegex(@"[ \t]{2,}")]
    private static partial Regex InnerSpaces();
}
