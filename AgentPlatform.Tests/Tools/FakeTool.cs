using System.Text.Json;
using Microsoft.Extensions.AI;

namespace AgentPlatform.Tests.Tools;

/// <summary>An executable tool whose behaviour each test sets, counting its calls.</summary>
public sealed class FakeTool(string name = "fake") : ExecutableTool
{
    private int _calls;

    public int Calls => _calls;

    public Func<CancellationToken, Task<string>> Behavior { get; set; } = _ => Task.FromResult("ok");

    public TimeSpan CallTimeout { get; init; } = TimeSpan.FromSeconds(10);

    public int OutputCap { get; init; } = 1_000;

    public bool IsAvailable { get; init; } = true;

    public override string Name => name;

    public override string Description => "A tool for tests.";

    public override JsonElement ArgumentsSchema { get; } = Schema("""{ "type": "object", "properties": {} }""");

    public override TimeSpan Timeout => CallTimeout;

    public override int MaxOutputChars => OutputCap;

    public override bool Available => IsAvailable;

    public void Fail() => Behavior = _ => throw new InvalidOperationException("the tool is broken");

    public void Succeed() => Behavior = _ => Task.FromResult("ok");

    public override Task<string> ExecuteAsync(ToolContext context, AIFunctionArguments arguments, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _calls);
        return Behavior(cancellationToken);
    }
}
