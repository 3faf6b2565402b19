using System.Text;

namespace AgentPlatform.Worker.Tools.BuiltIn.FileEditor;

/// <summary>Line arithmetic for the file editor: lines are split on '\n', and a final newline ends the last line.</summary>
internal static class TextLines
{
    public static string[] Split(string text) =>
        text.Length == 0 ? [] : (text.EndsWith('\n') ? text[..^1] : text).Split('\n');

    public static string Count(int lines) => lines == 1 ? "1 line" : $"{lines} lines";

    /// <summary>Every start index of <paramref name="value"/>, overlapping ones included.</summary>
    public static List<int> Occurrences(string text, string value)
    {
        var found = new List<int>();
        for (var i = text.IndexOf(value, StringComparison.Ordinal); i >= 0; i = text.IndexOf(value, i + 1, StringComparison.Ordinal))
        {
            found.Add(i);
        }

        return found;
    }

    /// <summary>The 1-based line the character at <paramref name="index"/> is on.</summary>
    public static int LineAt(string text, int index) => text.AsSpan(0, index).Count('\n') + 1;

    /// <summary>Lines <paramref name="first"/> to <paramref name="last"/> (1-based) as <c>cat -n</c> prints them.</summary>
    public static string Numbered(string[] lines, int first, int last)
    {
        var text = new StringBuilder();
        for (var n = first; n <= last && n <= lines.Length; n++)
        {
            text.Append(n.ToString().PadLeft(6)).Append('\t').Append(lines[n - 1]).Append('\n');
        }

        return text.ToString();
    }
}
