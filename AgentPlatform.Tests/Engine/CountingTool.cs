using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.Extensions.AI;

namespace AgentPlatform.Tests.Engine;

/// <summary>A tool for engine tests that counts its executions per session; what it does is set per tool.</summary>
public sealed class CountingTool(string name, Func<ToolContext, AIFunctionArguments, CancellationToken, Task<string>> behavior) : ExecutableTool
{
    private readonly ConcurrentDictionary<Guid, int> _calls = new();

    public override string Name => name;

    public override string Description => $"The {name} tool of the engine tests.";

    public override JsonElement ArgumentsSchema { get; } =
        Schema("""{ "type": "object", "properties": { "n": { "type": "integer" } } }""");

    public override TimeSpan Timeout => TimeSpan.FromSeconds(60);

    public int CallsFor(string sessionId) => _calls.GetValueOrDefault(Guid.Parse(sessionId));

    public override Task<string> ExecuteAsync(ToolContext context, AIFunctionArguments arguments, CancellationToken cancellationToken)
    {
        _calls.AddOrUpdate(context.SessionId, 1, (_, n) => n + 1);
        return behavior(context, arguments, cancellationToken);
    }
}
