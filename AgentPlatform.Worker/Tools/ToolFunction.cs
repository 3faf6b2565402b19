using System.Text.Json;

namespace AgentPlatform.Worker.Tools;

/// <summary>An executable tool as an <see cref="AIFunction"/> for one session: every call goes through the registry's breaker.</summary>
internal sealed class ToolFunction(ExecutableTool tool, ToolContext context, ToolRegistry registry) : AIFunction
{
    public override string Name => tool.Name;

    public override string Description => tool.Description;

    public override JsonElement JsonSchema => tool.ArgumentsSchema;

    protected override async ValueTask<object?> InvokeCoreAsync(AIFunctionArguments arguments, CancellationToken cancellationToken) =>
        await registry.InvokeAsync(tool.Name, context, arguments, cancellationToken);
}
