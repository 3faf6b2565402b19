namespace AgentPlatform.Api.Sessions;

/// <summary>Body of <c>POST /api/v1/sessions/{id}/messages</c>.</summary>
/// <param name="Prompt">The follow-up prompt, or the answer to the agent's question; 1 to 32,000 characters.</param>
/// <param name="MultitaskStrategy">reject (default), enqueue or interrupt: what to do while a run is active.</param>
public sealed record SendMessageRequest(string? Prompt, MultitaskStrategy? MultitaskStrategy)
{
    public Dictionary<string, string[]> Validate()
    {
        var errors = new Dictionary<string, string[]>();
        PromptRules.Check(Prompt, errors);
        return errors;
    }
}
