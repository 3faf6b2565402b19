namespace AgentPlatform.Worker.Tools.Mcp;

/// <summary>MCP client logging: server names, tool counts and errors; never a server's Env or Headers.</summary>
internal static partial class McpLog
{
    [LoggerMessage(Level = LogLevel.Information, Message = "MCP server {Server} connected over {Transport}: {ToolCount} tools")]
    public static partial void Connected(ILogger logger, string server, string transport, int toolCount);

    [LoggerMessage(Level = LogLevel.Warning, Message = "MCP server {Server} could not be reached; trying again in {Delay}")]
    public static partial void ConnectFailed(ILogger logger, string server, TimeSpan delay, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "MCP server {Server} went away; its tools are withheld until it is back")]
    public static partial void Disconnected(ILogger logger, string server, Exception? exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "MCP server {Server} changed its tools: {ToolCount} now")]
    public static partial void ToolsChanged(ILogger logger, string server, int toolCount);

    [LoggerMessage(Level = LogLevel.Warning, Message = "MCP server {Server}: could not list its tools again after it said they changed")]
    public static partial void RelistFailed(ILogger logger, string server, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "MCP server {Server}: tool {Tool} is not offered, its name would be longer than {MaxLength} characters")]
    public static partial void NameTooLong(ILogger logger, string server, string tool, int maxLength);

    [LoggerMessage(Level = LogLevel.Warning, Message = "MCP server {Server}: tool {Tool} is not offered, another tool already has the name {Name}")]
    public static partial void NameTaken(ILogger logger, string server, string tool, string name);

    [LoggerMessage(Level = LogLevel.Information, Message = "MCP server {Server}: a sampling request was refused: {Reason}")]
    public static partial void SamplingRefused(ILogger logger, string server, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "MCP server {Server}: an elicitation request was refused: {Reason}")]
    public static partial void ElicitationRefused(ILogger logger, string server, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "MCP server {Server}: its elicitation request was answered {Action}")]
    public static partial void Elicited(ILogger logger, string server, ElicitationAction action);
}
