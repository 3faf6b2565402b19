using System.Globalization;
using System.Net.Http.Json;
using AgentPlatform.Core;

namespace AgentPlatform.Tests.EndToEnd;

[Collection(AppHostCollection.Name)]
public sealed class MetricsTests(AppHostFixture fixture)
{
    [Fact]
    public async Task Metrics_on_both_services_count_a_scripted_run_of_three_sessions_one_stopped_two_compactions()
    {
        var ct = TestContext.Current.CancellationToken;
        using var user = fixture.ApiClient("metrics-user");
        using var apiAdmin = fixture.Client(ResourceNames.Api, "metrics-admin", admin: true);
        using var workerAdmin = fixture.Client(ResourceNames.Worker, "metrics-admin", admin: true);
        var apiBefore = await apiAdmin.GetStringAsync("/metrics", ct);
        var workerBefore = await workerAdmin.GetStringAsync("/metrics", ct);

        var stopped = await user.CreateSessionAsync("this one is stopped", ct);
        await user.WaitForStatusAsync(stopped.Id(), ct, "processing");
        await user.PostAsync($"/api/v1/sessions/{stopped.Id()}/stop", null, ct);
        await user.WaitForStatusAsync(stopped.Id(), ct, "stopped");
        // Each of these prompts carries a repeated line and runs of blank lines and spaces: the Worker normalizes it before
        // the first model call, a compaction (memory.compacted, strategy normalize) that saves tokens.
        var completed = new[]
        {
            await user.CreateSessionAsync("first to complete\nfirst to complete\n\n\n\nplease      ", ct),
            await user.CreateSessionAsync("second to complete\n\n\n\n\nsecond to complete\nsecond to complete", ct),
        };
        foreach (var session in completed)
        {
            await user.WaitForStatusAsync(session.Id(), ct, "completed");
        }

        // Prometheus scrapes are cumulative and OTLP/Prometheus export is periodic: read until the deltas settle.
        var api = await Poll.UntilAsync(() => apiAdmin.GetStringAsync("/metrics", ct),
            m => Delta(apiBefore, m, "agentplatform_sessions_created_total", "task_type=\"simple_query\"") >= 3, TimeSpan.FromSeconds(20), ct);
        var worker = await Poll.UntilAsync(() => workerAdmin.GetStringAsync("/metrics", ct),
            m => Delta(workerBefore, m, "agentplatform_runs_completed_total", "status=\"completed\"") >= 2
                 && Delta(workerBefore, m, "agentplatform_compactions_total", "") >= 2, TimeSpan.FromSeconds(20), ct);

        Assert.Equal(3, Delta(apiBefore, api, "agentplatform_sessions_created_total", "task_type=\"simple_query\""));
        Assert.Equal(2, Delta(workerBefore, worker, "agentplatform_runs_completed_total", "status=\"completed\""));
        Assert.Equal(1, Delta(workerBefore, worker, "agentplatform_runs_completed_total", "status=\"stopped\""));
        Assert.True(Delta(workerBefore, worker, "agentplatform_tokens_used_total", "") > 0);
        Assert.Equal(2, Delta(workerBefore, worker, "agentplatform_compactions_total", ""));
        Assert.True(Delta(workerBefore, worker, "agentplatform_tokens_saved_total", "") > 0);
        Assert.True(Delta(workerBefore, worker, "agentplatform_queue_latency_milliseconds_count", "") >= 3);
        Assert.Contains("agentplatform_tool_circuit_state{", worker);
    }

    /// <summary>The change of a Prometheus series (summed over the lines that carry the label) between two scrapes.</summary>
    private static double Delta(string before, string after, string metric, string label) => Sum(after, metric, label) - Sum(before, metric, label);

    private static double Sum(string scrape, string metric, string label) =>
        scrape.Split('\n')
            .Where(line => line.StartsWith(metric + "{", StringComparison.Ordinal) || line.StartsWith(metric + " ", StringComparison.Ordinal))
            .Where(line => line.Contains(label, StringComparison.Ordinal))
            .Sum(line => double.Parse(ValueOf(line), CultureInfo.InvariantCulture));

    /// <summary>"name{labels} value [timestamp]" or "name value [timestamp]".</summary>
    private static string ValueOf(string line)
    {
        var afterLabels = line.Contains('}', StringComparison.Ordinal) ? line[(line.LastIndexOf('}') + 1)..] : line[line.IndexOf(' ')..];
        return afterLabels.Trim().Split(' ')[0];
    }
}
