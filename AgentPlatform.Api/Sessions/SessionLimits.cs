namespace AgentPlatform.Api.Sessions;

/// <summary>The input limits of the public contract.</summary>
public static class SessionLimits
{
    public const int MaxPromptLength = 32_000;
    public const int MinTokenBudget = 500;
    public const int MaxTokenBudget = 2_000_000;
    public const int MinSteps = 1;
    public const int MaxSteps = 200;
}
