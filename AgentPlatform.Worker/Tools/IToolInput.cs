using System.Text.Json;

namespace AgentPlatform.Worker.Tools;

/// <summary>
/// The user of the run a tool call belongs to, for a tool whose MCP server asks for input during the call
/// (elicitation): asks <paramref name="message"/> and waits for an answer matching <paramref name="schema"/>, at most
/// <paramref name="timeout"/>. A stop or a timeout answers cancel.
/// </summary>
public interface IToolInput
{
    Task<ElicitationAnswer> AskAsync(string message, JsonElement schema, TimeSpan timeout, CancellationToken cancellationToken);
}
