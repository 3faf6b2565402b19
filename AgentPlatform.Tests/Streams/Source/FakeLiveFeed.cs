using AgentPlatform.Core.Events;
using AgentPlatform.Api.Streams;

namespace AgentPlatform.Tests.Streams.Source;

/// <summary>The live side in memory: the test offers events to the subscription it was given.</summary>
internal sealed class FakeLiveFeed : ILiveEventFeed
{
    private TaskCompletionSource<EventSubscription> _added = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Exception? Failure { get; set; }

    public int Removed { get; private set; }

    public EventSubscription? Subscription => _added.Task.IsCompleted ? _added.Task.Result : null;

    public Task AddAsync(EventSubscription subscription)
    {
        if (Failure is { } failure)
        {
            return Task.FromException(failure);
        }

        _added.TrySetResult(subscription);
        return Task.CompletedTask;
    }

    public void Remove(EventSubscription subscription) => Removed++;

    /// <summary>Takes the next subscription added (the previous one stays subscribed).</summary>
    public void Reset() => _added = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Offer(EventEnvelope evt) => (Subscription ?? throw new InvalidOperationException("Not subscribed yet.")).Offer(evt);
}
