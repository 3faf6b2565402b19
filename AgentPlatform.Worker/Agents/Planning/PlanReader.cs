using System.Text.Json;

namespace AgentPlatform.Worker.Agents.Planning;

/// <summary>
/// The step titles of a planning answer: the structured answer (<see cref="PlanProposal"/>) read as the typed record;
/// an answer that is not one (a provider without structured output, a model that ignored it) through
/// <see cref="PlanParser"/>. The same text always gives the same steps, so a replayed planning call makes the same plan.
/// </summary>
public static class PlanReader
{
    public static IReadOnlyList<string> Read(string answer, string fallbackTitle, int maxSteps)
    {
        if (Structured(answer) is { Count: > 0 } titles)
        {
            return PlanParser.Clean(titles, fallbackTitle, maxSteps);
        }

        return PlanParser.Parse(answer, fallbackTitle, maxSteps);
    }

    private static List<string>? Structured(string answer)
    {
        try
        {
            return JsonSerializer.Deserialize<PlanProposal>(answer.Trim(), JsonDefaults.Options)?.Steps?
                .Select(s => s?.Title ?? "").Where(t => t.Length > 0).ToList();
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
