using System.Text.Json;
using System.Text.RegularExpressions;

namespace AgentPlatform.Worker.Agents;

/// <summary>
/// Reads the steps out of the planning call's answer: JSON (<c>{"steps": [...]}</c>, a bare array, items as strings or
/// objects with a title), possibly wrapped in a code fence or prose; else a numbered or bulleted list; else one step.
/// </summary>
public static partial class PlanParser
{
    public const int MaxTitleLength = 200;

    public static IReadOnlyList<string> Parse(string? answer, string fallbackTitle, int maxSteps)
    {
        var steps = FromJson(answer ?? "") ?? FromList(answer ?? "");
        return Clean(steps, fallbackTitle, maxSteps);
    }

    /// <summary>Titles flattened to one line and cut to <see cref="MaxTitleLength"/>, at most <paramref name="maxSteps"/>, never none.</summary>
    public static IReadOnlyList<string> Clean(IEnumerable<string> titles, string fallbackTitle, int maxSteps)
    {
        var cleaned = titles.Select(Clean).Where(s => s.Length > 0).Take(maxSteps).ToList();
        return cleaned.Count > 0 ? cleaned : [Clean(fallbackTitle) is { Length: > 0 } t ? t : "Answer the request"];
    }

    private static List<string>? FromJson(string text)
    {
        for (var start = text.IndexOfAny(['{', '[']); start >= 0; start = text.IndexOfAny(['{', '['], start + 1))
        {
            var close = text[start] == '{' ? '}' : ']';
            var end = text.LastIndexOf(close);
            if (end <= start)
            {
                continue;
            }

            try
            {
                using var document = JsonDocument.Parse(text[start..(end + 1)]);
                if (Steps(document.RootElement) is { Count: > 0 } steps)
                {
                    return steps;
                }
            }
            catch (JsonException)
            {
                // Not JSON from here: try the next opening bracket.
            }
        }

        return null;
    }

    private static List<string>? Steps(JsonElement root)
    {
        if (root.ValueKind == JsonValueKind.Object)
        {
            var array = root.EnumerateObject()
                .FirstOrDefault(p => p.Value.ValueKind == JsonValueKind.Array && p.Name.ToLowerInvariant() is "steps" or "plan" or "tasks");
            return array.Value.ValueKind == JsonValueKind.Array ? Steps(array.Value) : null;
        }

        // Not an object, so an array: FromJson parses only text that starts with '[' or '{'.
        return [.. root.EnumerateArray().Select(item => item.ValueKind switch
        {
            JsonValueKind.String => item.GetString() ?? "",
            JsonValueKind.Object => item.EnumerateObject()
                .FirstOrDefault(p => p.Value.ValueKind == JsonValueKind.String
                    && p.Name.ToLowerInvariant() is "title" or "step" or "name" or "description" or "task")
                .Value is { ValueKind: JsonValueKind.String } v ? v.GetString() ?? "" : "",
            _ => "",
        })];
    }

    private static List<string> FromList(string text) =>
        [.. text.Split('\n').Select(l => ListItem().Match(l)).Where(m => m.Success).Select(m => m.Groups["item"].Value)];

    private static string Clean(string title)
    {
        var flat = Whitespace().Replace(title, " ").Trim().Trim('*', '"').Trim();
        return flat.Length <= MaxTitleLength ? flat : flat[..MaxTitleLength].TrimEnd() + "…";
    }

    [GeneratedRegex(@"^\s*(?:\d+[.)]|[-*•])\s+(?<item>.+)$")]
    private static partial Regex ListItem();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
