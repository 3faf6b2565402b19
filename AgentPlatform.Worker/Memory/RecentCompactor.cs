namespace AgentPlatform.Worker.Memory;

/// <summary>
/// When the last K exchanges alone exceed the target, compaction goes on inside them, cheapest first, stopping as soon
/// as the target is reached: (a) mask their tool outputs, (b) trim their long assistant text, (c) keep fewer exchanges,
/// K-1 down to 1. The latest exchange is never touched; a unit (a call with its results) is kept or dropped whole, and a
/// unit holding a protected message (the run's prompt) is always kept. Pinned facts live in the memory block, before these.
/// </summary>
public sealed class RecentCompactor(TokenCounter tokens, CompactionOptions options)
{
    private readonly ToolOutputMasker _masker = new(tokens, options);
    private readonly AssistantTextTrimmer _trimmer = new(tokens, options);

    /// <returns>The recent messages, shortened or as they were, and the ids of those changed or dropped.</returns>
    public (List<ChatMessage> Recent, List<string> Archived) Compact(
        IReadOnlyList<ChatMessage> prefix, IReadOnlyList<ChatMessage> recent, int target, Func<ChatMessage, bool> isProtected)
    {
        var units = ConversationUnit.Split(recent);
        List<string> archived = [];
        var prefixTokens = tokens.Count(prefix);
        bool Fits() => prefixTokens + units.Sum(u => tokens.Count(u.Messages)) <= target;
        if (Fits())
        {
            return ([.. recent], archived);
        }

        var latest = ConversationUnit.RecentStart(units, 1);
        foreach (var shorten in new Func<ChatMessage, ChatMessage>[] { _masker.Mask, _trimmer.Trim })
        {
            units = [.. units.Select((unit, i) => i >= latest ? unit : new ConversationUnit([.. unit.Messages.Select(m =>
            {
                var shorter = isProtected(m) ? m : shorten(m);
                if (!ReferenceEquals(shorter, m))
                {
                    archived.Add(m.MessageId ?? "");
                }

                return shorter;
            })]))];
            if (Fits())
            {
                return ([.. units.SelectMany(u => u.Messages)], [.. archived.Distinct()]);
            }
        }

        for (var k = options.KeepRecentExchanges - 1; k >= 1 && !Fits(); k--)
        {
            var start = ConversationUnit.RecentStart(units, k);
            var dropped = units.Take(start).Where(u => !u.Messages.Any(isProtected)).ToList();
            archived.AddRange(dropped.SelectMany(u => u.Messages).Select(m => m.MessageId ?? ""));
            units = [.. units.Take(start).Except(dropped), .. units.Skip(start)];
        }

        return ([.. units.SelectMany(u => u.Messages)], [.. archived.Distinct()]);
    }
}
