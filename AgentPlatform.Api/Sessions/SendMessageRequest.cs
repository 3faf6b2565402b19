using System.Text.Json;

namespace AgentPlatform.Api.Sessions;

/// <summary>Body of <c>POST /api/v1/sessions/{id}/messages</c>.</summary>
/// <param name="Prompt">The follow-up prompt, or the answer to the agent's question; 1 to 32,000 characters.</param>
/// <param name="MultitaskStrategy">reject (default), enqueue or interrupt: what to do while a run is active.</param>
/// <param name="Action">Answering an MCP server's request for input (pendingInput with a schema): accept (default),
/// decline or cancel.</param>
/// <param name="Content">With accept: the fields the server asked for, matching pendingInput.schema.</param>
public sealed record SendMessageRequest(string? Prompt, MultitaskStrategy? MultitaskStrategy, ElicitationAction? Action = null, JsonElement? Content = null)
{
    /// <summary>Whether this is only an answer to a server's request (no prompt needed).</summary>
    public bool AnswersServer => Action is not null || Content is not null;

    public Dictionary<string, string[]> Validate()
    {
        var errors = new Dictionary<string, string[]>();
        if (!AnswersServer || Prompt is not null)
        {
            PromptRules.Check(Prompt, errors);
        }

        if (Content is { ValueKind: not (JsonValueKind.Object or JsonValueKind.Null) })
        {
            errors["content"] = ["content must be a JSON object."];
        }

        return errors;
    }
}
