using System.Text.RegularExpressions;
using AgentPlatform.Core.Agents;

namespace AgentPlatform.Worker.Tools.Mcp;

/// <summary>
/// The name the model sees for a server's tool: <c>&lt;server&gt;__&lt;tool&gt;</c>. OpenAI-style function names allow only
/// <c>[A-Za-z0-9_-]{1,64}</c>; MCP tool names may hold more (dots, slashes): those characters become <c>_</c>, and a
/// name still too long is not offered at all (null) rather than cut into one that could clash.
/// </summary>
internal static partial class McpToolName
{
    public const int MaxLength = 64;

    public static string? For(string server, string tool)
    {
        var name = server + ToolPatterns.ServerSeparator + NotAllowed().Replace(tool, "_");
        return name.Length <= MaxLength ? name : null;
    }

    [GeneratedRegex("[^A-Za-z0-9_-]")]
    private static partial Regex NotAllowed();
}
