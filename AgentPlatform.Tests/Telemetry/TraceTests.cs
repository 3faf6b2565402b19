using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Headers;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Trace;

namespace AgentPlatform.Tests.Telemetry;

/// <summary>
/// One trace from the HTTP request through the Hangfire job to the model and tool calls, read back from what the
/// services' tracer providers export. The job's parent comes only from the trace context stored with the job in
/// PostgreSQL: Hangfire's worker threads carry no ambient activity from the request.
/// </summary>
public sealed class TraceTests(LocalInfrastructure infrastructure)
{
    [Fact]
    public async Task One_trace_holds_the_api_request_the_enqueue_the_job_and_the_llm_and_tool_calls()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var llm = await FakeLlmServer.StartAsync(ct);
        llm.Enqueue(
            FakeLlmReply.ToolCall("file_editor", new { command = "create", path = "notes.txt", file_text = "traced" }),
            FakeLlmReply.Answer("Wrote notes.txt."));
        var spans = new ConcurrentDictionary<ActivitySpanId, Activity>();
        var exporter = new CollectingExporter(spans);
        void Collect(IWebHostBuilder b) => b.ConfigureTestServices(s => s.ConfigureOpenTelemetryTracerProvider(t => t.AddProcessor(new SimpleActivityExportProcessor(exporter))));
        await using var api = new ApiFactory(infrastructure, "trace_tests");
        await using var worker = new WorkerFactory(infrastructure, "trace_tests", 0, new Dictionary<string, string?>
        {
            ["ConnectionStrings:llm"] = llm.ConnectionString(),
            ["Agents:Profiles:simple_query:Tools:1"] = "file_editor",
        });
        using var client = api.WithWebHostBuilder(Collect).CreateClient();
        using var workerHost = worker.WithWebHostBuilder(Collect).CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", TestTokens.Create(ApiFixture.NewUser("traced")));

        var session = await client.CreateSessionAsync(new { prompt = "Write a note", taskType = "simple_query" }, ct);
        await client.WaitForStatusAsync(session.Id(), ct, "completed");
        // Other tests' hosts in this process make spans too: start from this session's job span.
        var id = session.Id();
        // Spans are exported when they end: the job's span ends last, after the run is saved.
        await Poll.UntilAsync(() => Task.FromResult(spans.Values.Any(s => s.Kind == ActivityKind.Consumer
            && s.GetTagItem("agentplatform.session_id") as string == id)), found => found, TimeSpan.FromSeconds(10), ct);
        var traceId = spans.Values.Single(s => s.Kind == ActivityKind.Consumer && s.GetTagItem("agentplatform.session_id") as string == id).TraceId;

        var request = spans.Values.Single(s => s.TraceId == traceId && s.Kind == ActivityKind.Server && s.DisplayName.StartsWith("POST", StringComparison.Ordinal)
            && (s.GetTagItem("http.route") as string ?? "").Contains("sessions", StringComparison.Ordinal));
        var enqueue = spans.Values.Single(s => s.Kind == ActivityKind.Producer && s.TraceId == request.TraceId);
        var job = spans.Values.Single(s => s.Kind == ActivityKind.Consumer && s.TraceId == request.TraceId);
        var chat = spans.Values.Where(s => s.TraceId == request.TraceId && s.GetTagItem("gen_ai.operation.name") as string == "chat").ToList();
        var tool = spans.Values.Single(s => s.TraceId == request.TraceId && s.GetTagItem("gen_ai.tool.name") as string == "file_editor");

        Assert.True(IsDescendant(enqueue, request, spans), "the enqueue span is not under the request");
        Assert.Equal(enqueue.SpanId, job.ParentSpanId);
        Assert.NotEmpty(chat);
        Assert.All(chat, c => Assert.True(IsDescendant(c, job, spans), "a model call is not under the job"));
        Assert.True(IsDescendant(tool, job, spans), "the tool call is not under the job");
        Assert.Equal(session.Id(), job.GetTagItem("agentplatform.session_id"));
        Assert.Equal(session.Id(), tool.GetTagItem("agentplatform.session_id"));
        Assert.Equal(session.Id(), request.GetTagItem("agentplatform.session_id"));
        var runId = job.GetTagItem("agentplatform.run_id");
        Assert.NotNull(runId);
        Assert.All(chat, c => Assert.Equal((session.Id(), runId), (c.GetTagItem("agentplatform.session_id"), c.GetTagItem("agentplatform.run_id"))));
        Assert.Equal(runId, tool.GetTagItem("agentplatform.run_id"));
    }

    private static bool IsDescendant(Activity span, Activity ancestor, ConcurrentDictionary<ActivitySpanId, Activity> spans)
    {
        var current = span;
        for (var depth = 0; depth < 50 && current is not null; depth++)
        {
            if (current.ParentSpanId == ancestor.SpanId)
            {
                return true;
            }

            current = spans.GetValueOrDefault(current.ParentSpanId);
        }

        return false;
    }

    /// <summary>Keeps every finished span by id (both hosts' providers see the process's sources, hence the dictionary).</summary>
    private sealed class CollectingExporter(ConcurrentDictionary<ActivitySpanId, Activity> spans) : BaseExporter<Activity>
    {
        public override ExportResult Export(in Batch<Activity> batch)
        {
            foreach (var activity in batch)
            {
                spans[activity.SpanId] = activity;
            }

            return ExportResult.Success;
        }
    }
}
