namespace AgentPlatform.Core.Agents;

/// <summary>
/// Configuration section <c>Agents</c>: <c>Agents:Profiles:&lt;task_type&gt;:…</c> overrides the built-in profiles below,
/// field by field; <c>Agents:FallbackModel</c> is tried when the main model stays unavailable.
/// </summary>
public sealed class AgentProfiles
{
    public const string Section = "Agents";

    public Dictionary<string, AgentProfile> Profiles { get; set; } = Defaults();

    public string? FallbackModel { get; set; }

    public AgentProfile For(TaskType taskType) =>
        Profiles.TryGetValue(JsonDefaults.Wire(taskType), out var profile) ? profile : Defaults()[JsonDefaults.Wire(taskType)];

    public static Dictionary<string, AgentProfile> Defaults() => new(StringComparer.OrdinalIgnoreCase)
    {
        ["general"] = new()
        {
            SystemPrompt = "You are a capable general assistant. Plan, use tools when they help, and finish with a clear answer.",
            Tools = ["web_fetch", "web_search", "file_editor", "ask_human", "pin_fact", "terminate"],
            Planning = true,
            MaxSteps = 20,
        },
        ["simple_query"] = new()
        {
            SystemPrompt = "Answer the user's question directly and concisely.",
            Tools = ["terminate"],
            Planning = false,
            MaxSteps = 3,
        },
        ["web_search"] = new()
        {
            SystemPrompt = "Research the question on the web, cite the pages you used, and summarise what you found.",
            Tools = ["web_search", "web_fetch", "ask_human", "pin_fact", "terminate"],
            Planning = true,
            MaxSteps = 25,
        },
        ["code_generation"] = new()
        {
            SystemPrompt = "Write correct, tested code into the workspace with the file editor, then explain what you wrote.",
            Tools = ["file_editor", "ask_human", "pin_fact", "terminate"],
            Planning = true,
            MaxSteps = 30,
        },
        ["analysis"] = new()
        {
            SystemPrompt = "Analyse the material step by step, state your assumptions, and conclude with findings.",
            Tools = ["web_fetch", "file_editor", "ask_human", "pin_fact", "terminate"],
            Planning = true,
            MaxSteps = 20,
        },
    };
}
