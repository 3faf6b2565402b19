using AgentPlatform.Api.Streams;
using Microsoft.Extensions.Logging;
using static AgentPlatform.Tests.Streams.Source.StreamHarness;

namespace AgentPlatform.Tests.Streams.Source;

/// <summary>
/// How a subscription ends (<see cref="EventSubscription"/>, <see cref="EventStreamSource"/>): the terminal event, the
/// token's expiry, the server stopping, a slow subscriber, the log failing, the subscriber leaving, disposal; and the
/// abort when the transport does not close an ended stream in time.
/// </summary>
public sealed class EventSubscriptionLifetimeTests
{
    [Fact]
    public async Task The_run_completed_event_ends_a_stream_opened_until_it()
    {
        await using var h = new StreamHarness();
        h.Log.Append(3, EventTypes.RunCompleted);
        h.Log.Append(2);

        var subscription = await h.OpenStartedAsync(untilRunCompleted: true);
        var events = await ReadToEndAsync(subscription);

        Assert.Equal(Range(1, 3), Seqs(events));
        Assert.Equal(new StreamEnd(h.SessionId, StreamEndReason.RunCompleted, 3), subscription.End);
        Assert.Equal(1, h.Ended("run_completed"));
        Assert.Equal(1, h.Subscribers);
        await subscription.DisposeAsync();
        Assert.Equal(0, h.Subscribers);
        Assert.Equal(1, h.Live.Removed);
    }

    [Fact]
    public async Task Without_until_run_completed_a_completed_run_does_not_end_the_stream()
    {
        await using var h = new StreamHarness();
        h.Log.Append(2, EventTypes.RunCompleted);
        h.Log.Append(2, EventTypes.RunCompleted);

        var subscription = await h.OpenStartedAsync();
        var events = await ReadAsync(subscription, 4);

        Assert.Equal(Range(1, 4), Seqs(events));
        Assert.Null(subscription.End);
        await subscription.DisposeAsync();
        Assert.Equal(0, h.EndedTotal);
    }

    [Fact]
    public async Task An_ended_stream_not_closed_in_time_is_aborted()
    {
        await using var h = new StreamHarness();
        h.Log.Append(1, EventTypes.RunCompleted);
        var subscription = await h.OpenStartedAsync(untilRunCompleted: true);
        await ReadToEndAsync(subscription);

        h.Clock.Advance(h.Options.CloseTimeout - TimeSpan.FromMilliseconds(1));
        Assert.Equal(0, h.Aborts);
        h.Clock.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal(1, h.Aborts);
        Assert.Contains(h.Logger.Collector.GetSnapshot(), r => r.Level == LogLevel.Warning && r.Message.Contains("did not close", StringComparison.Ordinal));
        await subscription.DisposeAsync();
    }

    [Fact]
    public async Task A_stream_disposed_before_its_close_deadline_is_not_aborted()
    {
        await using var h = new StreamHarness();
        h.Log.Append(1, EventTypes.RunCompleted);
        var subscription = await h.OpenStartedAsync(untilRunCompleted: true);
        await ReadToEndAsync(subscription);

        await subscription.DisposeAsync();
        h.Clock.Advance(h.Options.CloseTimeout * 2);

        Assert.Equal(0, h.Aborts);
    }

    [Fact]
    public async Task The_stream_ends_when_the_token_expires()
    {
        await using var h = new StreamHarness();
        h.Log.Append(1);
        var subscription = await h.OpenStartedAsync(expires: h.Clock.GetUtcNow().AddMinutes(1));
        await ReadAsync(subscription, 1);

        h.Clock.Advance(TimeSpan.FromSeconds(59));
        Assert.Null(subscription.End);
        h.Clock.Advance(TimeSpan.FromSeconds(1));

        Assert.Empty(await ReadToEndAsync(subscription));
        Assert.Equal(new StreamEnd(h.SessionId, StreamEndReason.AccessExpired, 1), subscription.End);
        Assert.Equal(1, h.Ended("access_expired"));
        await subscription.DisposeAsync();
    }

    [Fact]
    public async Task A_stream_opened_with_an_expired_token_ends_at_once()
    {
        await using var h = new StreamHarness();
        h.Log.Append(1);
        var subscription = await h.OpenStartedAsync(expires: h.Clock.GetUtcNow().AddSeconds(-1));
        h.Clock.Advance(TimeSpan.Zero);

        await ReadToEndAsync(subscription);
        Assert.Equal(StreamEndReason.AccessExpired, subscription.End?.Reason);
        await subscription.DisposeAsync();
    }

    [Fact]
    public async Task The_stream_ends_when_the_server_stops()
    {
        await using var h = new StreamHarness();
        h.Log.Append(2);
        var subscription = await h.OpenStartedAsync();
        await ReadAsync(subscription, 2);

        h.StopServer();

        Assert.Empty(await ReadToEndAsync(subscription));
        Assert.Equal(new StreamEnd(h.SessionId, StreamEndReason.ServerStopping, 2), subscription.End);
        Assert.Equal(1, h.Ended("server_stopping"));
        var ended = Assert.Single(h.Logger.Collector.GetSnapshot());
        Assert.Equal(LogLevel.Information, ended.Level);
        Assert.Contains("ended: ServerStopping after seq 2", ended.Message, StringComparison.Ordinal);
        await subscription.DisposeAsync();
    }

    [Fact]
    public async Task A_subscriber_that_leaves_ends_the_stream_with_no_reason()
    {
        await using var h = new StreamHarness();
        h.Log.Append(1);
        using var left = new CancellationTokenSource();
        var subscription = await h.OpenStartedAsync(left: left.Token);
        await ReadAsync(subscription, 1);

        await left.CancelAsync();

        Assert.Empty(await ReadToEndAsync(subscription));
        Assert.Null(subscription.End);
        await subscription.DisposeAsync();
        Assert.Equal(0, h.EndedTotal);
    }

    [Fact]
    public async Task Leaving_while_the_log_is_read_is_not_a_failure()
    {
        await using var h = new StreamHarness();
        h.Log.Gate = new TaskCompletionSource();
        using var left = new CancellationTokenSource();
        var subscription = await h.OpenStartedAsync(left: left.Token);
        await UntilAsync(() => h.Log.Reads.Count == 1, "the replay's read");

        await left.CancelAsync();

        Assert.Empty(await ReadToEndAsync(subscription));
        Assert.Null(subscription.End);
        Assert.Empty(h.Logger.Collector.GetSnapshot());
        await subscription.DisposeAsync();
    }

    [Fact]
    public async Task A_log_that_cannot_be_read_ends_the_stream_as_unavailable()
    {
        await using var h = new StreamHarness();
        h.Log.Append(1);
        var failure = new InvalidOperationException("the log is down");
        h.Log.Failure = failure;

        var subscription = await h.OpenStartedAsync();

        Assert.Empty(await ReadToEndAsync(subscription));
        Assert.Equal(new StreamEnd(h.SessionId, StreamEndReason.Unavailable, 0), subscription.End);
        Assert.Contains(h.Logger.Collector.GetSnapshot(), r => r.Level == LogLevel.Error && ReferenceEquals(r.Exception, failure));
        Assert.Equal(1, h.Ended("unavailable"));
        await subscription.DisposeAsync();
    }

    [Fact]
    public async Task A_subscriber_that_does_not_keep_up_once_live_ends_as_too_slow()
    {
        await using var h = new StreamHarness();
        h.Options.SubscriberBufferSize = 2;
        var subscription = await h.OpenStartedAsync();
        h.Live.Offer(h.Ephemeral());
        await ReadAsync(subscription, 1); // delivered live: the replay is over

        // Not read: the output (64), the one the pump holds and the inbox (2) fill up, and then one more does not fit.
        for (var i = 0; i < 64 + 1 + 2 + 1; i++)
        {
            h.Live.Offer(h.Ephemeral());
        }

        Assert.Equal(StreamEndReason.SubscriberTooSlow, subscription.End?.Reason);
        var buffered = await ReadToEndAsync(subscription);
        Assert.InRange(buffered.Count, 0, 64); // what the pump moved to the output before it was cancelled
        Assert.Equal(1, h.Ended("subscriber_too_slow"));
        await subscription.DisposeAsync();
    }

    [Fact]
    public async Task Durable_live_events_that_overflow_during_the_replay_are_read_from_the_log()
    {
        await using var h = new StreamHarness();
        h.Options.SubscriberBufferSize = 1;
        h.Log.Append(2);
        var kept = h.Ephemeral();
        h.Log.DuringRead = read =>
        {
            if (read == 1)
            {
                h.Log.Append(2);
                h.Live.Offer(kept);
                h.Live.Offer(h.Log.Live(3)); // does not fit: durable, read from the log again
                h.Live.Offer(h.Log.Live(4));
            }

            return Task.CompletedTask;
        };

        var subscription = await h.OpenStartedAsync();
        var events = await ReadAsync(subscription, 5);
        h.Log.Append(1);
        h.Live.Offer(h.Log.Live(5));
        events.AddRange(await ReadAsync(subscription, 1));
        await subscription.DisposeAsync();

        Assert.Equal([1, 2, 3, 4, null, 5], Seqs(events));
        Assert.Equal(kept.Id, events[4].Id);
        Assert.Equal([0, 2], h.Log.Reads);
        Assert.Null(subscription.End);
    }

    [Fact]
    public async Task Ephemeral_live_events_that_overflow_during_the_replay_are_dropped()
    {
        await using var h = new StreamHarness();
        h.Options.SubscriberBufferSize = 1;
        h.Log.Append(2);
        var kept = h.Ephemeral();
        h.Log.DuringRead = read =>
        {
            if (read == 1)
            {
                h.Live.Offer(kept);
                h.Live.Offer(h.Ephemeral()); // does not fit: live-only, and this client is not live yet
            }

            return Task.CompletedTask;
        };

        var subscription = await h.OpenStartedAsync();
        var events = await ReadAsync(subscription, 3);
        h.Log.Append(1);
        h.Live.Offer(h.Log.Live(3));
        events.AddRange(await ReadAsync(subscription, 1));
        await subscription.DisposeAsync();

        Assert.Equal([1, 2, null, 3], Seqs(events));
        Assert.Equal(kept.Id, events[2].Id);
        Assert.Equal([0], h.Log.Reads); // nothing left to the log: no second replay
        Assert.Null(subscription.End);
    }

    [Fact]
    public async Task Disposing_twice_closes_the_subscription_once()
    {
        await using var h = new StreamHarness();
        var subscription = await h.OpenStartedAsync();
        Assert.Equal(1, h.Subscribers);
        Assert.Equal(h.SessionId, subscription.SessionId);

        await subscription.DisposeAsync();
        Assert.True(subscription.Events.Completion.IsCompleted); // disposal waited for the pump
        await subscription.DisposeAsync();

        Assert.Equal(0, h.Subscribers);
        Assert.Equal(1, h.Live.Removed);
        Assert.False(await subscription.Events.WaitToReadAsync(TestContext.Current.CancellationToken));
        Assert.Null(subscription.End);
    }

    [Fact]
    public async Task An_unknown_session_opens_nothing()
    {
        await using var h = new StreamHarness();
        h.Log.SessionExists = false;

        Assert.Null(await h.OpenAsync());
        Assert.Null(h.Live.Subscription);
        Assert.Equal(0, h.Subscribers);
        Assert.Empty(h.Log.Reads);
    }

    [Fact]
    public async Task A_subscription_that_cannot_join_the_live_events_is_closed_and_not_counted()
    {
        await using var h = new StreamHarness();
        var failure = new InvalidOperationException("redis is down");
        h.Live.Failure = failure;

        Assert.Same(failure, await Assert.ThrowsAsync<InvalidOperationException>(() => h.OpenAsync()));
        Assert.Equal(1, h.Live.Removed);
        Assert.Equal(0, h.Subscribers);
        Assert.Empty(h.Log.Reads);
    }
}
