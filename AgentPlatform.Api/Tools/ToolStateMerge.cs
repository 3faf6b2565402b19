using AgentPlatform.Core.Tools;

namespace AgentPlatform.Api.Tools;

/// <summary>
/// One <see cref="ToolState"/> per tool from the states every live Worker published: the worst circuit
/// (open, then half_open, then closed), available when any Worker can run the tool, and the latest update.
/// </summary>
public static class ToolStateMerge
{
    public static IReadOnlyList<ToolState> Merge(IEnumerable<ToolState> states) =>
        [.. states
            .GroupBy(s => s.Name, StringComparer.Ordinal)
            .Select(MergeOne)
            .OrderBy(s => s.Name, StringComparer.Ordinal)];

    /// <summary>How bad a circuit state is: the merged state is the one with the highest rank.</summary>
    private static int Severity(CircuitState circuit) => circuit switch
    {
        CircuitState.Open => 2,
        CircuitState.HalfOpen => 1,
        _ => 0,
    };

    private static ToolState MergeOne(IEnumerable<ToolState> sameTool)
    {
        var latest = sameTool.MaxBy(s => s.UpdatedAt)!;
        return latest with
        {
            Available = sameTool.Any(s => s.Available),
            Circuit = sameTool.MaxBy(s => Severity(s.Circuit))!.Circuit,
        };
    }
}
