namespace AgentPlatform.Worker.Memory;

/// <summary>The facts the agent pinned: those of earlier memory blocks, then every pin_fact call, in order, without repeats.</summary>
public static class PinnedFacts
{
    public static IReadOnlyList<string> Collect(IEnumerable<ChatMessage> messages)
    {
        List<string> pins = [];
        HashSet<string> seen = new(StringComparer.Ordinal);
        foreach (var message in messages)
        {
            var facts = MemoryBlock.Of(message)?.Pins ?? message.Contents.OfType<FunctionCallContent>()
                .Where(c => c.Name == ToolNames.PinFact)
                .Select(c => PinFactTool.Fact(c.Arguments))
                .OfType<string>();
            foreach (var fact in facts.Where(f => f.Length > 0 && seen.Add(f)))
            {
                pins.Add(fact);
            }
        }

        return pins;
    }
}
