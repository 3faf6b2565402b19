using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.Extensions.AI;

namespace AgentPlatform.Bench.Engine;

/// <summary>A tool of the benchmark: <c>tick</c> returns at once; <c>wait</c> waits until cancelled. Both report their calls.</summary>
public sealed class BenchTool(string name, bool waits) : ExecutableTool
{
    private readonly ConcurrentDictionary<Guid, TaskCompletionSource> _called = new();

    public override string Name => name;

    public override string Description => $"The benchmark's {name} tool.";

    public override JsonElement ArgumentsSchema { get; } = Schema("""{ "type": "object", "properties": { "n": { "type": "integer" } } }""");

    public override TimeSpan Timeout => TimeSpan.FromMinutes(5);

    /// <summary>Completes when the tool is first called in this session.</summary>
    public Task CalledIn(Guid sessionId) => _called.GetOrAdd(sessionId, _ => new(TaskCreationOptions.RunContinuationsAsynchronously)).Task;

    public override async Task<string> ExecuteAsync(ToolContext context, AIFunctionArguments arguments, CancellationToken cancellationToken)
    {
        _called.GetOrAdd(context.SessionId, _ => new(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
        if (waits)
        {
            await Task.Delay(Timeout, cancellationToken);
        }

        return $"tick {arguments.GetValueOrDefault("n")}";
    }
}
