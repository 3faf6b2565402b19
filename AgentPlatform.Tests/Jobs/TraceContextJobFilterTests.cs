using System.Collections.Concurrent;
using System.Diagnostics;
using System.Reflection;
using AgentPlatform.Core.Jobs;
using Hangfire;
using Hangfire.Client;
using Hangfire.Common;
using Hangfire.Server;
using Hangfire.States;
using Hangfire.Storage;

namespace AgentPlatform.Tests.Jobs;

/// <summary>
/// The trace from the enqueuing request into the job, with Hangfire's filter contexts built by hand: the parameters the
/// client side stores, the span the server side starts as their child, and its status.
/// </summary>
public sealed class TraceContextJobFilterTests : IDisposable
{
    private readonly ConcurrentQueue<Activity> _stopped = new();
    private readonly ActivityListener _listener;
    private readonly TraceContextJobFilter _filter = new();

    public TraceContextJobFilterTests()
    {
        _listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name == AgentPlatform.Core.ResourceNames.JobsTelemetry,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = _stopped.Enqueue,
        };
        ActivitySource.AddActivityListener(_listener);
    }

    public void Dispose() => _listener.Dispose();

    public interface ISample
    {
        void Do(string text);
    }

    [Fact]
    public void Enqueuing_stores_the_enqueue_spans_context_and_trace_state_and_tags_the_run()
    {
        var runId = Guid.NewGuid();
        using var request = new Activity("request").SetIdFormat(ActivityIdFormat.W3C);
        request.TraceStateString = "vendor=1";
        request.Start();
        var (context, parameters) = Creating(RunJob(runId));

        _filter.OnCreating(context);

        var enqueue = Assert.Single(_stopped, a => a.TraceId == request.TraceId);
        Assert.Equal(("enqueue ExecuteAsync", ActivityKind.Producer, request.SpanId), (enqueue.DisplayName, enqueue.Kind, enqueue.ParentSpanId));
        Assert.Equal(enqueue.Id, parameters[TraceContextJobFilter.TraceParent]);
        Assert.Equal("vendor=1", parameters[TraceContextJobFilter.TraceState]);
        Assert.Equal(runId.ToString(), enqueue.GetTagItem(TraceContextJobFilter.RunIdTag));
        Assert.Equal(runId.ToString(), enqueue.GetBaggageItem(TraceContextJobFilter.RunIdTag));
        Assert.Equal("hangfire", enqueue.GetTagItem("messaging.system"));
    }

    [Fact]
    public void Without_trace_state_only_the_parent_is_stored_and_a_job_without_a_run_is_not_tagged()
    {
        using var request = new Activity("request").SetIdFormat(ActivityIdFormat.W3C).Start();
        var (context, parameters) = Creating(Job.FromExpression<ISample>(s => s.Do("x")));

        _filter.OnCreating(context);

        Assert.True(parameters.ContainsKey(TraceContextJobFilter.TraceParent));
        Assert.False(parameters.ContainsKey(TraceContextJobFilter.TraceState));
        var enqueue = Assert.Single(_stopped, a => a.TraceId == request.TraceId);
        Assert.Null(enqueue.GetTagItem(TraceContextJobFilter.RunIdTag));
    }

    [Fact]
    public void The_job_span_is_a_child_of_the_stored_context_tagged_with_the_job_and_run_and_ends_with_it()
    {
        var runId = Guid.NewGuid();
        var parent = ActivityContext.Parse("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01", "vendor=2");
        var perform = Perform("job-7", RunJob(runId), new()
        {
            [TraceContextJobFilter.TraceParent] = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01",
            [TraceContextJobFilter.TraceState] = "vendor=2",
        });
        var performing = new PerformingContext(perform);

        _filter.OnPerforming(performing);
        var running = (Activity)performing.Items["agentplatform.activity"];
        Assert.Equal(("IRunAgentJob.ExecuteAsync", ActivityKind.Consumer), (running.DisplayName, running.Kind));
        Assert.Equal((parent.TraceId, parent.SpanId, "vendor=2"), (running.TraceId, running.ParentSpanId, running.TraceStateString));
        Assert.Equal("job-7", running.GetTagItem("hangfire.job_id"));
        Assert.Equal(runId.ToString(), running.GetTagItem(TraceContextJobFilter.RunIdTag));
        Assert.DoesNotContain(running, _stopped);

        _filter.OnPerformed(new PerformedContext(perform, null, false, null));

        Assert.Contains(running, _stopped);
        Assert.Equal(ActivityStatusCode.Unset, running.Status);
    }

    [Fact]
    public void A_job_that_threw_ends_its_span_as_an_error_naming_the_exception_type()
    {
        var perform = Perform("job-8", RunJob(Guid.NewGuid()), new() { [TraceContextJobFilter.TraceParent] = "00-1af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01" });
        var performing = new PerformingContext(perform);
        _filter.OnPerforming(performing);
        var running = (Activity)performing.Items["agentplatform.activity"];

        _filter.OnPerformed(new PerformedContext(perform, null, false, new TimeoutException("secret detail")));

        Assert.Equal((ActivityStatusCode.Error, "TimeoutException"), (running.Status, running.StatusDescription));
        Assert.Contains(running, _stopped);
    }

    [Fact]
    public void A_job_without_a_stored_context_starts_a_trace_of_its_own_and_one_performed_without_a_span_is_left_alone()
    {
        var perform = Perform("job-9", RunJob(Guid.NewGuid()), []);
        var performing = new PerformingContext(perform);

        using (new Activity("ambient").Start())
        {
            Activity.Current = null;
            _filter.OnPerforming(performing);
        }

        var running = (Activity)performing.Items["agentplatform.activity"];
        Assert.Equal(default, running.ParentSpanId);
        running.Stop();

        var other = Perform("job-10", RunJob(Guid.NewGuid()), []);
        new PerformingContext(other).Items["agentplatform.activity"] = "not a span";
        _filter.OnPerformed(new PerformedContext(other, null, false, new InvalidOperationException()));
        _filter.OnCreated(null!);
    }

    private static Job RunJob(Guid runId) => Job.FromExpression<IRunAgentJob>(j => j.ExecuteAsync(runId, CancellationToken.None));

    private static (CreatingContext Context, Dictionary<string, object> Parameters) Creating(Job job)
    {
        var parameters = new Dictionary<string, object>();
        var create = new CreateContext(new NoStorage(), StoredParameters.Create([]), job, new EnqueuedState(), parameters);
        return (new CreatingContext(create), parameters);
    }

    private static PerformContext Perform(string id, Job job, Dictionary<string, string> stored) =>
        new(new NoStorage(), StoredParameters.Create(stored), new BackgroundJob(id, job, DateTime.UtcNow), new JobCancellationToken(false));

    private sealed class NoStorage : JobStorage
    {
        public override IMonitoringApi GetMonitoringApi() => throw new NotSupportedException();

        public override IStorageConnection GetConnection() => throw new NotSupportedException();
    }

    /// <summary>A storage connection that only answers job parameters, from a dictionary (as Hangfire stores them: JSON).</summary>
    public class StoredParameters : DispatchProxy
    {
        private Dictionary<string, string> _stored = [];

        public static IStorageConnection Create(Dictionary<string, string> stored)
        {
            var proxy = Create<IStorageConnection, StoredParameters>();
            ((StoredParameters)(object)proxy)._stored = stored;
            return proxy;
        }

        protected override object? Invoke(MethodInfo? targetMethod, object?[]? args) => targetMethod?.Name switch
        {
            nameof(IStorageConnection.GetJobParameter) => _stored.TryGetValue((string)args![1]!, out var v) ? $"\"{v}\"" : null,
            nameof(IDisposable.Dispose) => null,
            _ => throw new NotSupportedException(targetMethod?.Name),
        };
    }
}
