namespace AgentPlatform.Core.Agents;

/// <summary>
/// A profile's <c>Tools</c> entries: a tool's name, or <c>&lt;server&gt;__*</c> for every tool of MCP server
/// <c>&lt;server&gt;</c>. Worker (what the model is offered) and Api (<c>GET /agents</c>) resolve them the same way.
/// </summary>
public static class ToolPatterns
{
    /// <summary>What separates an MCP server's name from its tool's in the name the model sees.</summary>
    public const string ServerSeparator = "__";

    private const string AllOfServer = ServerSeparator + "*";

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
}
