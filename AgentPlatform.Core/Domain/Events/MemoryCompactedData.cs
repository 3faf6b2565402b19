namespace AgentPlatform.Core.Domain.Events;

/// <param name="Strategy">What the compaction did (<see cref="MemoryStrategies"/>).</param>
/// <param name="Trigger"><c>proactive</c>, <c>context_length</c>, or <c>prompt</c> for the prompt's normalization.</param>
/// <param name="ArchivedMessageIds">The messages the model no longer sees verbatim; their originals stay stored.</param>
public sealed record MemoryCompactedData(
    string Strategy, string Trigger, int TokensBefore, int TokensAfter, int TokensSaved, string? Summary,
    IReadOnlyList<string> ArchivedMessageIds, int SessionTokensSaved, int SessionCompactions) : IEventData;
