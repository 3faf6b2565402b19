namespace AgentPlatform.Core.Domain;

/// <summary>
/// One compaction of an agent's memory, as the <c>memory.compacted</c> event reports it. <see cref="ArchivedMessageIds"/>
/// name the messages the model no longer sees verbatim (masked or summarised away); their originals stay in PostgreSQL
/// (see <c>MemoryMessageIds</c> in the Worker for where each kind of id points).
/// </summary>
/// <param name="Strategy"><see cref="MemoryStrategies"/>: what the compaction did.</param>
/// <param name="Trigger"><c>proactive</c>, <c>context_length</c>, or <c>prompt</c> for the prompt's normalization.</param>
public sealed record MemoryCompaction(
    string Strategy, string Trigger, int TokensBefore, int TokensAfter, string? Summary, IReadOnlyList<string> ArchivedMessageIds)
{
    public int TokensSaved => Math.Max(0, TokensBefore - TokensAfter);
}
