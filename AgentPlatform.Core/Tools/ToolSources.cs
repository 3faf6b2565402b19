namespace AgentPlatform.Core.Tools;

/// <summary>Where a tool comes from, as <see cref="ToolState.Source"/> and <c>GET /tools</c> say: <c>builtin</c> or <c>mcp:&lt;server&gt;</c>.</summary>
public static class ToolSources
{
    public const string BuiltIn = "builtin";

    public static string Mcp(string server) => $"mcp:{server}";
}
