using System.Text.RegularExpressions;

namespace AgentPlatform.Core.Agents;

/// <summary>
/// A tool name as profiles write it (<c>Tools</c>, <c>RequireApproval</c>): a registry name (<c>web_fetch</c>,
/// <c>files__read</c>) or <c>&lt;server&gt;__*</c>, every tool an MCP server offers. Names follow the function names
/// models accept, <c>[A-Za-z0-9_-]{1,64}</c>. Worker (what the model is offered, what needs approval) and Api
/// (<c>GET /agents</c>) match them the same way.
/// </summary>
public static partial class ToolPatterns
{
    /// <summary>What separates an MCP server's name from its tool's in the name the model sees.</summary>
    public const string ServerSeparator = "__";

    private const string AllOfServer = ServerSeparator + "*";

    public static bool IsValid(string? pattern) => pattern is not null && Shape().IsMatch(pattern);

    public static bool Matches(string pattern, string toolName) =>
        pattern.EndsWith(AllOfServer, StringComparison.Ordinal)
            ? toolName.StartsWith(pattern[..^1], StringComparison.Ordinal) && toolName.Length > pattern.Length - 1
            : string.Equals(pattern, toolName, StringComparison.Ordinal);

    public static bool MatchesAny(IEnumerable<string> patterns, string toolName) => patterns.Any(p => Matches(p, toolName));

    /// <summary>The names among <paramref name="toolNames"/> the patterns select, in the order given.</summary>
    public static IReadOnlyList<string> Resolve(IEnumerable<string> patterns, IEnumerable<string> toolNames)
    {
        var list = patterns.ToList();
        return [.. toolNames.Where(n => MatchesAny(list, n))];
    }

    [GeneratedRegex(@"^(?:[A-Za-z0-9_-]{1,64}|[A-Za-z0-9-][A-Za-z0-9_-]{0,60}__\*)$")]
    private static partial Regex Shape();
}
