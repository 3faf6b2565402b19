namespace AgentPlatform.Worker.Tools;

/// <summary>
/// The tools to put in <see cref="ChatOptions.Tools"/> for one model call, and those withheld (circuit open, or not
/// available here) with <see cref="Note"/>, a sentence the engine can give the model so it does not look for them.
/// </summary>
public sealed record ToolOffer(IReadOnlyList<AITool> Tools, IReadOnlyList<string> Withheld, string? Note);
