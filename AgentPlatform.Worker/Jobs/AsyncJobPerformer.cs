using System.Reflection;
using Hangfire;
using Hangfire.Common;
using Hangfire.Server;

namespace AgentPlatform.Worker.Jobs;

/// <summary>
/// Performs a Hangfire job without a thread of its own: activates the job's type from a DI scope, passes the host's
/// token for its <see cref="CancellationToken"/> parameters, awaits the returned task, and runs the server filters
/// (<see cref="IServerFilter"/>, e.g. the trace filter) around it as Hangfire's performer does.
/// </summary>
/// <remarks>
/// Hand-written because Hangfire's own performer blocks its worker thread until an async job's task completes, which
/// is exactly the thread per run this host exists to avoid.
/// </remarks>
public sealed class AsyncJobPerformer(IServiceScopeFactory scopes)
{
    public async Task PerformAsync(PerformContext context, CancellationToken ct)
    {
        var job = context.BackgroundJob.Job;
        var filters = JobFilterProviders.Providers.GetFilters(job).Select(f => f.Instance).OfType<IServerFilter>().ToList();
        var performing = new PerformingContext(context);
        // The filters read their job parameters from the ones fetched with the job (the trace filter; Hangfire's culture
        // filter is removed, HangfireStorageExtensions), so they make no storage call and run here.
        foreach (var filter in filters)
        {
            filter.OnPerforming(performing);
        }

        Exception? failure = null;
        try
        {
            await InvokeAsync(job, ct);
        }
        catch (Exception ex)
        {
            failure = ex;
            throw;
        }
        finally
        {
            var performed = new PerformedContext(context, null, canceled: false, failure);
            for (var i = filters.Count - 1; i >= 0; i--)
            {
                filters[i].OnPerformed(performed);
            }
        }
    }

    private async Task InvokeAsync(Job job, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var target = job.Method.IsStatic ? null : scope.ServiceProvider.GetRequiredService(job.Type);
        var parameters = job.Method.GetParameters();
        var args = new object?[parameters.Length];
        for (var i = 0; i < parameters.Length; i++)
        {
            args[i] = parameters[i].ParameterType == typeof(CancellationToken) ? ct : job.Args[i];
        }

        var result = job.Method.Invoke(target, BindingFlags.DoNotWrapExceptions, binder: null, args, culture: null);
        if (result is Task task)
        {
            await task;
        }
    }
}
