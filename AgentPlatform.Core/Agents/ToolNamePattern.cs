using System.Text.RegularExpressions;

namespace AgentPlatform.Core.Agents;

/// <summary>
/// A tool name as profiles write it: a registry name (<c>web_fetch</c>, <c>files__read</c>) or <c>&lt;server&gt;__*</c>,
/// every tool an MCP server offers. Names follow the function names models accept, <c>[A-Za-z0-9_-]{1,64}</c>.
/// </summary>
public static partial class ToolNamePattern
{
    public static bool IsValid(string? pattern) => pattern is not null && Shape().IsMatch(pattern);

    public static bool Matches(string pattern, string tool) =>
        pattern.EndsWith("__*", StringComparison.Ordinal)
            ? tool.StartsWith(pattern[..^1], StringComparison.Ordinal)
            : string.Equals(pattern, tool, StringComparison.Ordinal);

    [GeneratedRegex(@"^(?:[A-Za-z0-9_-]{1,64}|[A-Za-z0-9-][A-Za-z0-9_-]{0,60}__\*)$")]
    private static partial Regex Shape();
}
