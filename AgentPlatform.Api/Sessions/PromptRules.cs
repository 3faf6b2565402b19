namespace AgentPlatform.Api.Sessions;

internal static class PromptRules
{
    public static void Check(string? prompt, Dictionary<string, string[]> errors)
    {
        if (string.IsNullOrWhiteSpace(prompt))
        {
            errors["prompt"] = ["The prompt is required."];
        }
        else if (prompt.Length > SessionLimits.MaxPromptLength)
        {
            errors["prompt"] = [$"The prompt may have at most {SessionLimits.MaxPromptLength} characters."];
        }
    }
}
