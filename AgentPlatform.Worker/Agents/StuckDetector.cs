namespace AgentPlatform.Worker.Agents;

/// <summary>
/// Notices a model going round in circles: the same tool call with the same arguments, or the same answer,
/// <c>repeats</c> times earns a nudge; once more after that, the run is stopped.
/// </summary>
public sealed class StuckDetector(int repeats)
{
    private readonly Dictionary<string, int> _seen = new(StringComparer.Ordinal);

    public enum Verdict
    {
        Fine,
        Nudge,
        Stuck,
    }

    /// <summary>Forgets what was seen: a revised plan starts afresh.</summary>
    public void Reset() => _seen.Clear();

    public Verdict OnToolCall(RecordedCall call) => Count("tool:" + call.Signature);

    public Verdict OnAnswer(string text) => Count("answer:" + string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)));

    private Verdict Count(string key)
    {
        var times = _seen[key] = _seen.GetValueOrDefault(key) + 1;
        return times > repeats ? Verdict.Stuck : times == repeats ? Verdict.Nudge : Verdict.Fine;
    }
}
