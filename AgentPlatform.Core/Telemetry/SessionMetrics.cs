using System.Diagnostics.Metrics;
using AgentPlatform.Core.Domain.Events;
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
            var run = evt.RunId is { } runId ? session.Runs.FirstOrDefault(r => r.Id == runId) : null;
            switch (EventCatalog.Read(evt))
            {
                case SessionCreatedData created:
                    _sessionsCreated.Add(1, new KeyValuePair<string, object?>("task_type", JsonDefaults.Wire(created.TaskType)));
                    break;
                case RunStartedData when run?.StartedAt is { } started:
                    _queueLatency.Record((started - run.CreatedAt).TotalMilliseconds);
                    break;
                case RunCompletedData completed:
                    var status = JsonDefaults.Wire(completed.Status);
                    _runsCompleted.Add(1, new("status", status), new("stop_reason", JsonDefaults.Wire(completed.StopReason)));
                    if (run is { StartedAt: { } start, CompletedAt: { } end })
                    {
                        _runDuration.Record((end - start).TotalSeconds, new KeyValuePair<string, object?>("status", status));
                    }

                    break;
                case TokenUsageData usage:
                    _steps.Add(1);
                    _tokensUsed.Add(usage.InputTokens + usage.OutputTokens);
                    break;
                case ToolResultData result:
                    _toolCalls.Add(1, new("tool", result.Tool), new("outcome", result.IsError ? "error" : "success"));
                    break;
                case MemoryCompactedData compacted:
                    _compactions.Add(1);
                    _tokensSaved.Add(compacted.TokensSaved);
                    break;
            }
        }
    }
}
