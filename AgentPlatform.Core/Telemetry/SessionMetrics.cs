using System.Diagnostics.Metrics;
using System.Text.Json;
using AgentPlatform.Core.Persistence;

namespace AgentPlatform.Core.Telemetry;

/// <summary>
/// The platform's business metrics, derived from the durable events each service commits, on that service's own
/// Meter: sessions created, runs by final status and stop reason, run duration, queue latency, model steps, tool
/// calls by tool and outcome, tokens used and saved, compactions.
/// </summary>
public sealed class SessionMetrics : ISavedEventsObserver
{
    private readonly Counter<long> _sessionsCreated;
    private readonly Counter<long> _runsCompleted;
    private readonly Histogram<double> _runDuration;
    private readonly Histogram<double> _queueLatency;
    private readonly Counter<long> _steps;
    private readonly Counter<long> _toolCalls;
    private readonly Counter<long> _tokensUsed;
    private readonly Counter<long> _tokensSaved;
    private readonly Counter<long> _compactions;

    public SessionMetrics(IMeterFactory meters, string meterName)
    {
        var meter = meters.Create(meterName);
        _sessionsCreated = meter.CreateCounter<long>("agentplatform.sessions.created", "{session}", "Sessions created");
        _runsCompleted = meter.CreateCounter<long>("agentplatform.runs.completed", "{run}", "Runs finished, by status and stop reason");
        _runDuration = meter.CreateHistogram<double>("agentplatform.run.duration", "s", "From a run's start to its end");
        _queueLatency = meter.CreateHistogram<double>("agentplatform.queue.latency", "ms", "From a run's queueing to its start");
        _steps = meter.CreateCounter<long>("agentplatform.steps", "{step}", "Model calls made by runs");
        _toolCalls = meter.CreateCounter<long>("agentplatform.tool.calls", "{call}", "Tool calls, by tool and outcome");
        _tokensUsed = meter.CreateCounter<long>("agentplatform.tokens.used", "{token}", "Tokens spent (input and output)");
        _tokensSaved = meter.CreateCounter<long>("agentplatform.tokens.saved", "{token}", "Tokens saved by memory compaction");
        _compactions = meter.CreateCounter<long>("agentplatform.compactions", "{compaction}", "Memory compactions");
    }

    public void OnSaved(IReadOnlyList<SavedEvent> events)
    {
        foreach (var (session, evt) in events)
        {
            using var data = JsonDocument.Parse(evt.DataJson);
            var root = data.RootElement;
            var run = evt.RunId is { } runId ? session.Runs.FirstOrDefault(r => r.Id == runId) : null;
            switch (evt.Type)
            {
                case EventTypes.SessionCreated:
                    _sessionsCreated.Add(1, new KeyValuePair<string, object?>("task_type", JsonDefaults.Wire(session.TaskType)));
                    break;
                case EventTypes.RunStarted when run?.StartedAt is { } started:
                    _queueLatency.Record((started - run.CreatedAt).TotalMilliseconds);
                    break;
                case EventTypes.RunCompleted:
                    _runsCompleted.Add(1, new("status", Text(root, "status")), new("stop_reason", Text(root, "stopReason")));
                    if (run is { StartedAt: { } start, CompletedAt: { } end })
                    {
                        _runDuration.Record((end - start).TotalSeconds, new KeyValuePair<string, object?>("status", Text(root, "status")));
                    }

                    break;
                case EventTypes.TokenUsage:
                    _steps.Add(1);
                    _tokensUsed.Add(Number(root, "inputTokens") + Number(root, "outputTokens"));
                    break;
                case EventTypes.ToolResult:
                    _toolCalls.Add(1, new("tool", Text(root, "tool") ?? Text(root, "name")), new("outcome", Outcome(root)));
                    break;
                case EventTypes.MemoryCompacted:
                    _compactions.Add(1);
                    _tokensSaved.Add(Math.Max(0, Number(root, "tokensBefore") - Number(root, "tokensAfter")));
                    break;
            }
        }
    }

    private static string? Text(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static long Number(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetInt64() : 0;

    private static string Outcome(JsonElement root) =>
        Text(root, "outcome")
        ?? (root.TryGetProperty("isError", out var error) && error.ValueKind == JsonValueKind.True ? "error" : "success");
}
