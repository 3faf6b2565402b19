using System.Collections.Concurrent;

namespace AgentPlatform.Worker.Tools.Mcp;

/// <summary>
/// The tool calls in flight on one server session of this Worker. A server's sampling or elicitation request names no
/// tool call (the SDK's handlers get the request alone), so it is answered for the call in flight only when there is
/// exactly one; with several, whose run it belongs to cannot be told.
/// </summary>
internal sealed class McpCallsInFlight
{
    private readonly ConcurrentDictionary<object, McpCallInFlight> _calls = new();

    /// <summary>Marks a call in flight until the result is disposed.</summary>
    public IDisposable Track(McpCallInFlight call)
    {
        var key = new object();
        _calls[key] = call;
        return new Untrack(() => _calls.TryRemove(key, out _));
    }

    /// <summary>The one call in flight, or why there is not exactly one.</summary>
    public (McpCallInFlight? Call, string? Refusal) Single()
    {
        var calls = _calls.Values.ToList();
        return calls switch
        {
            [var one] => (one, null),
            [] => (null, "no tool call of this client is in flight"),
            _ => (null, $"{calls.Count} tool calls are in flight on this session, so the run it is for cannot be told"),
        };
    }

    private sealed class Untrack(Action remove) : IDisposable
    {
        public void Dispose() => remove();
    }
}

/// <summary>A tool call in flight: whom it is for, and its deadline (paused while the user is asked).</summary>
internal sealed record McpCallInFlight(ToolContext Context, McpCallDeadline Deadline);
