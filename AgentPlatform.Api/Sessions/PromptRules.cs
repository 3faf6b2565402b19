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
        else if (!StorableText.IsStorable(prompt))
        {
            errors["prompt"] = ["The prompt may not contain NUL characters or unpaired UTF-16 surrogates."];
        }
    }
}
