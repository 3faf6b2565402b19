using System.Collections.Concurrent;

namespace AgentPlatform.Core.Jobs;

/// <summary>
/// Runs Hangfire's synchronous storage calls (its client's enqueue and its state changer have no async API) on a few
/// dedicated threads: many of them at once neither block the thread pool (which every run's continuations and every
/// request need) nor wait for each other one at a time. The caller's execution context flows (the trace filter reads
/// <c>Activity.Current</c>).
/// </summary>
/// <remarks>
/// Hand-written (about 40 lines) because the alternatives are worse here: <c>Task.Run</c> blocks pool threads, and a
/// <c>SemaphoreSlim</c> around them (what the run host did) serializes the calls behind a few slots.
/// </remarks>
public sealed class StorageCalls : IDisposable
{
    /// <summary>Threads per process: each call is a few PostgreSQL round trips, so more threads than cores pay off.</summary>
    public const int Threads = 8;

    private readonly BlockingCollection<Action> _work = [];

    public StorageCalls()
    {
        for (var i = 0; i < Threads; i++)
        {
            new Thread(Consume) { IsBackground = true, Name = $"hangfire-storage-{i}" }.Start();
        }
    }

    public Task<T> RunAsync<T>(Func<T> call)
    {
        var done = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        var context = ExecutionContext.Capture();
        _work.Add(() =>
        {
            try
            {
                done.SetResult(context is null ? call() : Run(context, call));
            }
            catch (Exception ex)
            {
                // Handed to the awaiting caller, which handles it as it would the synchronous call's.
                done.SetException(ex);
            }
        });
        return done.Task;
    }

    public void Dispose() => _work.CompleteAdding();

    private static T Run<T>(ExecutionContext context, Func<T> call)
    {
        var result = default(T)!;
        ExecutionContext.Run(context, _ => result = call(), null);
        return result;
    }

    private void Consume()
    {
        foreach (var work in _work.GetConsumingEnumerable())
        {
            work();
        }
    }
}
