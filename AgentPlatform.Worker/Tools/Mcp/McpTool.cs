using System.Text.Json;
using AgentPlatform.Core.Tools;
using ModelContextProtocol.Protocol;

namespace AgentPlatform.Worker.Tools.Mcp;

/// <summary>
/// One tool of an MCP server in the registry, like a built-in: offered as <c>&lt;server&gt;__&lt;tool&gt;</c> with the
/// server's schema, with the server's timeout and output cap and a circuit of its own. While its server is unreachable
/// it is unavailable (withheld from the model with a note). A call goes to the server's current session; cancelling it
/// makes the SDK send <c>notifications/cancelled</c>.
/// </summary>
internal sealed class McpTool(McpServerConnection server, Tool tool, string name) : ExecutableTool
{
    public override string Name => name;

    public override string Description => tool.Description ?? tool.Title ?? tool.Name;

    public override JsonElement ArgumentsSchema => tool.InputSchema;

    public override TimeSpan Timeout => server.Options.Timeout;

    /// <summary>The server's timeout is kept by its connection, which pauses it while the server waits for the user.</summary>
    public override bool TimesItself => true;

    public override int MaxOutputChars => server.Options.MaxOutputChars;

    public override bool Available => server.IsConnected;

    public override string UnavailableReason => $"its MCP server '{server.Name}' is unreachable";

    public override string Source => ToolSources.Mcp(server.Name);

    /// <summary>The tool's name on its server.</summary>
    public string ServerToolName => tool.Name;

    public override async Task<string> ExecuteAsync(ToolContext context, AIFunctionArguments arguments, CancellationToken cancellationToken)
    {
        var client = server.Client ?? throw new McpToolException($"its MCP server '{server.Name}' is unreachable");
        var result = await server.CallAsync(client, context, tool.Name, arguments, cancellationToken);
        var text = McpResultText.From(result);
        return result.IsError == true ? throw new McpToolException($"the tool reported an error: {text}") : text;
    }
}
