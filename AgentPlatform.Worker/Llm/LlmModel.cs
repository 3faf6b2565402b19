namespace AgentPlatform.Worker.Llm;

/// <summary>The model the Worker calls, as recorded on sessions and in logs.</summary>
public sealed record LlmModel(string Name, bool IsSimulated);
