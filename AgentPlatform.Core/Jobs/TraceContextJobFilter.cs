using System.Diagnostics;
using Hangfire.Client;
using Hangfire.Common;
using Hangfire.Server;

namespace AgentPlatform.Core.Jobs;

/// <summary>
/// Carries the trace of the request that enqueued a job into the job: the client side records an "enqueue" span and
/// stores its W3C trace context as a job parameter; the server side starts the job's span as its child, so one trace
/// runs from the Api request through the Worker's model and tool calls.
/// </summary>
public sealed class TraceContextJobFilter : JobFilterAttribute, IClientFilter, IServerFilter
{
    public const string TraceParent = "traceparent";
    public const string TraceState = "tracestate";
    private const string ActivityItem = "agentplatform.activity";

    /// <summary>
    /// A <see cref="PerformContext.Items"/> entry with the job's parameters already read (name to serialized value, an
    /// <c>IReadOnlyDictionary&lt;string, string?&gt;</c>): the Worker's run host fetches them with the job, so starting
    /// it costs no query per parameter. Without it the parameters are read from the storage, one query each.
    /// </summary>
    public const string PrefetchedParameters = "agentplatform.job_parameters";
    public const string RunIdTag = "agentplatform.run_id";
    public const string SessionIdTag = "agentplatform.session_id";

    public static readonly ActivitySource Source = new(ResourceNames.JobsTelemetry);

    public void OnCreating(CreatingContext context)
    {
        using var activity = Source.StartActivity($"enqueue {context.Job.Method.Name}", ActivityKind.Producer);
        var current = activity ?? Activity.Current;
        if (current is null)
        {
            return;
        }

        activity?.SetTag("messaging.system", "hangfire");
        TagRun(activity, context.Job);
        context.SetJobParameter(TraceParent, current.Id);
        if (!string.IsNullOrEmpty(current.TraceStateString))
        {
            context.SetJobParameter(TraceState, current.TraceStateString);
        }
    }

    public void OnCreated(CreatedContext context)
    {
    }

    public void OnPerforming(PerformingContext context)
    {
        var parent = Parameter(context, TraceParent);
        var state = Parameter(context, TraceState);
        ActivityContext.TryParse(parent, state, out var parentContext);
        var activity = Source.StartActivity($"{context.BackgroundJob.Job.Type.Name}.{context.BackgroundJob.Job.Method.Name}",
            ActivityKind.Consumer, parentContext);
        if (activity is null)
        {
            return;
        }

        activity.SetTag("messaging.system", "hangfire");
        activity.SetTag("hangfire.job_id", context.BackgroundJob.Id);
        TagRun(activity, context.BackgroundJob.Job);
        context.Items[ActivityItem] = activity;
    }

    public void OnPerformed(PerformedContext context)
    {
        if (context.Items.TryGetValue(ActivityItem, out var item) && item is Activity activity)
        {
            if (context.Exception is not null)
            {
                activity.SetStatus(ActivityStatusCode.Error, context.Exception.GetType().Name);
            }

            activity.Dispose();
        }
    }

    private static string? Parameter(PerformingContext context, string name) =>
        context.Items.TryGetValue(PrefetchedParameters, out var item) && item is IReadOnlyDictionary<string, string?> parameters
            ? parameters.TryGetValue(name, out var value) && value is not null ? SerializationHelper.Deserialize<string>(value) : null
            : context.GetJobParameter<string>(name);

    private static void TagRun(Activity? activity, Job job)
    {
        if (activity is not null && job.Args.Count > 0 && job.Args[0] is Guid runId)
        {
            activity.SetTag(RunIdTag, runId.ToString());
            // Baggage flows to every span started under this one (see ServiceDefaults' BaggageTagsProcessor).
            activity.SetBaggage(RunIdTag, runId.ToString());
        }
    }
}
