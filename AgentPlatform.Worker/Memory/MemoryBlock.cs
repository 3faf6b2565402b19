using System.Text;

namespace AgentPlatform.Worker.Memory;

/// <summary>
/// What replaces the compacted part of a conversation: the summary (if one was accepted), the plan with each step's
/// status and the pinned facts, verbatim. It travels as one user message marked <see cref="EngineMessageKind.Memory"/>.
/// </summary>
public sealed record MemoryBlock(string? Summary, IReadOnlyList<PlanStep> Plan, IReadOnlyList<string> Pins)
{
    public const string PropertyKey = "agentplatform.memory";

    public static MemoryBlock? Of(ChatMessage message) =>
        message.AdditionalProperties?.TryGetValue(PropertyKey, out var block) == true ? block as MemoryBlock : null;

    public ChatMessage ToMessage()
    {
        var message = EngineMessageKind.Instruction(EngineMessageKind.Memory, Render()).WithId(MemoryMessageIds.Memory);
        message.AdditionalProperties![PropertyKey] = this;
        return message;
    }

    public string Render()
    {
        var text = new StringBuilder("[Memory] Earlier parts of this conversation were compacted; their originals are archived.");
        if (!string.IsNullOrWhiteSpace(Summary))
        {
            text.Append("\n\nSummary of the earlier conversation:\n").Append(Summary.Trim());
        }

        if (Plan.Count > 0)
        {
            text.Append("\n\nPlan (status of each step):");
            foreach (var step in Plan)
            {
                text.Append($"\n{step.Index}. [{JsonDefaults.Wire(step.Status)}] {step.Title}");
            }
        }

        if (Pins.Count > 0)
        {
            text.Append("\n\nPinned facts (kept verbatim):");
            foreach (var pin in Pins)
            {
                text.Append("\n- ").Append(pin);
            }
        }

        return text.ToString();
    }
}
