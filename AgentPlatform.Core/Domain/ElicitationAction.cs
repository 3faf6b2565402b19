namespace AgentPlatform.Core.Domain;

/// <summary>
/// How an MCP server's request for input (elicitation) was answered, as the MCP ElicitResult actions (wire values
/// accept · decline · cancel): accept with content, decline explicitly, or cancel (dismissed, timed out, stopped).
/// </summary>
public enum ElicitationAction
{
    Accept,
    Decline,
    Cancel,
}
