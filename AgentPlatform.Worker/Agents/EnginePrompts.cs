namespace AgentPlatform.Worker.Agents;

/// <summary>What the engine tells the model beyond the profile's system prompt.</summary>
public static class EnginePrompts
{
    public const string Rules =
        "Use the tools offered when they help. Call terminate when the whole task is done (with the result as its message) " +
        "or cannot be done; call ask_human only when you cannot go on without information that only the user has.";

    public static ChatMessage Plan(int maxSteps, IEnumerable<string> tools) => EngineMessageKind.Instruction(EngineMessageKind.Plan,
        $"Before you act, plan. Break the request above into at most {maxSteps} short, concrete steps that you will carry out " +
        $"one at a time (tools you may use: {string.Join(", ", tools)}). Reply with JSON only, no prose: " +
        "{\"steps\": [{\"title\": \"first step\"}, {\"title\": \"second step\"}]}. A simple request needs a single step.");

    public static ChatMessage Replan(PlanStep blocked, string why, int maxSteps) => EngineMessageKind.Instruction(EngineMessageKind.Replan,
        $"Step {blocked.Index} ({blocked.Title}) is blocked: {why}. Do not try it the same way again. Revise the rest of the " +
        $"plan: give at most {maxSteps} new steps that reach the goal another way, from what you know now. Reply with JSON " +
        "only, no prose: {\"steps\": [{\"title\": \"next step\"}]}.");

    public static ChatMessage Step(PlanStep step, int total) => EngineMessageKind.Instruction(EngineMessageKind.Step,
        $"Step {step.Index} of {total}: {step.Title}. Carry out this step now, using tools if they help. When it is done, " +
        "reply with a short report of what you did and found (no tool call).");

    public static ChatMessage ApprovedPlan(IReadOnlyList<string> steps, string? note) => EngineMessageKind.Instruction(EngineMessageKind.Plan,
        "The user reviewed the plan and approved these steps, which you will now carry out in order: " +
        string.Join(" ", steps.Select((s, i) => $"{i + 1}. {s}")) + (note is null ? "" : $" The user added: {note}"));

    public static ChatMessage Final() => EngineMessageKind.Instruction(EngineMessageKind.Final,
        "All steps are done. Now write the final answer to the original request for the user, using what the steps found.");

    public static ChatMessage Nudge(string what, int times) => EngineMessageKind.Instruction(EngineMessageKind.Nudge,
        $"You have {what} {times} times with the same result; repeating it will not help. Change your approach, " +
        "or finish now with the best answer you have.");
}
