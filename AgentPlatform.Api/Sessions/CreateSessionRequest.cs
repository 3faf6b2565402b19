using AgentPlatform.Api.Webhooks;

namespace AgentPlatform.Api.Sessions;

/// <summary>Body of <c>POST /api/v1/sessions</c>.</summary>
/// <param name="Prompt">What the agent should do; 1 to 32,000 characters.</param>
/// <param name="TaskType">general (default), simple_query, web_search, code_generation or analysis.</param>
/// <param name="TokenBudget">Tokens the session may spend, 500 to 2,000,000 (default from configuration, 4,000).</param>
/// <param name="MaxSteps">Agent steps per run, 1 to 200.</param>
/// <param name="Webhook">Called when each run ends (Standard Webhooks signature); default from <c>Webhooks:Default</c>.</param>
public sealed record CreateSessionRequest(string? Prompt, TaskType? TaskType, int? TokenBudget, int? MaxSteps, WebhookRequest? Webhook = null)
{
    public Dictionary<string, string[]> Validate()
    {
        var errors = new Dictionary<string, string[]>();
        PromptRules.Check(Prompt, errors);

        if (TokenBudget is < SessionLimits.MinTokenBudget or > SessionLimits.MaxTokenBudget)
        {
            errors["tokenBudget"] = [$"tokenBudget must be between {SessionLimits.MinTokenBudget} and {SessionLimits.MaxTokenBudget}."];
        }

        if (MaxSteps is < SessionLimits.MinSteps or > SessionLimits.MaxSteps)
        {
            errors["maxSteps"] = [$"maxSteps must be between {SessionLimits.MinSteps} and {SessionLimits.MaxSteps}."];
        }

        if (Webhook is not null)
        {
            WebhookRules.Check("webhook", Webhook.Url, Webhook.Secret, errors);
        }

        return errors;
    }
}
