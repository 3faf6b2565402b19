using System.Diagnostics.Metrics;
using AgentPlatform.Core.Persistence;
using AgentPlatform.Core.Telemetry;
using Microsoft.Extensions.DependencyInjection;

namespace AgentPlatform.Tests.Events;

/// <summary>
/// The metrics read stored payloads through their records: these events are written as the contract spells them, so
/// renaming a record's field (and so the contract's) loses the value and fails the test.
/// </summary>
public sealed class SessionMetricsTests
{
    [Fact]
    public void Metrics_are_read_from_the_stored_payloads_by_their_contract_names()
    {
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var meterName = $"test.{Guid.NewGuid():N}";
        var metrics = new SessionMetrics(services.GetRequiredService<IMeterFactory>(), meterName);
        var measured = new List<(string Name, long Value, string Tags)>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == meterName)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
            measured.Add((instrument.Name, value, string.Join(",", tags.ToArray().Select(t => $"{t.Key}={t.Value}")))));
        listener.Start();
        var now = DateTimeOffset.UtcNow;
        var session = Session.Create("u1", "hello", TaskType.General, 4000, 10, "m", now);
        var runId = session.Runs[0].Id;
        SessionEvent Stored(string type, string json) => new(session.Id, 1, type, runId, json, now);

        metrics.OnSaved([.. new[]
        {
            Stored(EventTypes.TokenUsage, """{"purpose":"model","inputTokens":120,"outputTokens":30,"cachedTokens":0,"estimated":false,"runTokens":150,"sessionTokens":150,"tokenBudget":4000}"""),
            Stored(EventTypes.ToolResult, """{"step":1,"callId":"c1","tool":"web_fetch","result":"boom","isError":true}"""),
            Stored(EventTypes.MemoryCompacted, """{"strategy":"summarize","trigger":"proactive","tokensBefore":1000,"tokensAfter":300,"tokensSaved":700,"summary":"s","archivedMessageIds":[],"sessionTokensSaved":700,"sessionCompactions":1}"""),
            Stored(EventTypes.RunCompleted, """{"runNumber":1,"status":"incomplete","stopReason":"budget_exceeded","result":null,"error":"x","tokensUsed":150}"""),
        }.Select(e => new SavedEvent(session, e))]);

        Assert.Contains(("agentplatform.tokens.used", 150L, ""), measured);
        Assert.Contains(("agentplatform.tool.calls", 1L, "tool=web_fetch,outcome=error"), measured);
        Assert.Contains(("agentplatform.tokens.saved", 700L, ""), measured);
        Assert.Contains(("agentplatform.runs.completed", 1L, "status=incomplete,stop_reason=budget_exceeded"), measured);
    }
}
