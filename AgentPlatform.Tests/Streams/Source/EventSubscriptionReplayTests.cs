using AgentPlatform.Core.Events;
using Microsoft.Extensions.Logging;
using AgentPlatform.Api.Streams;
using static AgentPlatform.Tests.Streams.Source.StreamHarness;

namespace AgentPlatform.Tests.Streams.Source;

/// <summary>
/// The merge of the durable log and the live events (<see cref="EventSubscription"/>): a resuming subscriber sees every
/// seq after the one it asked for exactly once and in order, whatever order and copies the live events come in.
/// </summary>
public sealed class EventSubscriptionReplayTests
{
    [Fact]
    public async Task Replays_the_log_after_the_requested_seq_page_by_page()
    {
        await using var h = new StreamHarness();
        h.Options.ReplayPageSize = 3;
        h.Log.Append(7);

        var subscription = await h.OpenStartedAsync(after: 2);
        var events = await ReadAsync(subscription, 5);
        await subscription.DisposeAsync();

        Assert.Equal(Range(3, 7), Seqs(events));
        Assert.All(events, e => Assert.Equal(e.Seq, e.Data.GetProperty("n").GetInt64()));
        Assert.Equal([2, 5], h.Log.Reads);
        Assert.Equal(5, h.Delivered("durable"));
    }

    [Fact]
    public async Task A_full_last_page_is_followed_by_one_more_read()
    {
        await using var h = new StreamHarness();
        h.Options.ReplayPageSize = 3;
        h.Log.Append(6);

        var subscription = await h.OpenStartedAsync();
        var events = await ReadAsync(subscription, 6);
        await subscription.DisposeAsync();

        Assert.Equal(Range(1, 6), Seqs(events));
        Assert.Equal([0, 3, 6], h.Log.Reads);
    }

    [Fact]
    public async Task Live_events_during_the_replay_are_delivered_once_after_it()
    {
        await using var h = new StreamHarness();
        h.Log.Append(5);
        var delta = h.Ephemeral();
        h.Log.DuringRead = read =>
        {
            if (read == 1)
            {
                // Committed after the replay's query took its page, published while it runs; 4 and 5 are late copies.
                h.Log.Append(2);
                h.Live.Offer(h.Log.Live(4));
                h.Live.Offer(h.Log.Live(5));
                h.Live.Offer(h.Log.Live(6));
                h.Live.Offer(delta);
                h.Live.Offer(h.Log.Live(7));
            }

            return Task.CompletedTask;
        };

        var subscription = await h.OpenStartedAsync(untilRunCompleted: true);
        var first = await ReadAsync(subscription, 8);
        h.Live.Offer(h.Log.Live(h.Log.Append(1, EventTypes.RunCompleted)));
        var rest = await ReadToEndAsync(subscription);
        await subscription.DisposeAsync();

        List<long?> expected = [.. Range(1, 6), null, 7, 8];
        Assert.Equal(expected, Seqs([.. first, .. rest]));
        Assert.Equal(delta.Id, first[6].Id);
        Assert.Equal([0], h.Log.Reads);
        Assert.Equal(new StreamEnd(h.SessionId, StreamEndReason.RunCompleted, 8), subscription.End);
        Assert.Equal(8, h.Delivered("durable"));
        Assert.Equal(1, h.Delivered("ephemeral"));
    }

    [Fact]
    public async Task Out_of_order_and_duplicate_live_events_are_delivered_in_seq_order_once()
    {
        await using var h = new StreamHarness();
        h.Log.Append(2);
        var subscription = await h.OpenStartedAsync(untilRunCompleted: true);
        var replayed = await ReadAsync(subscription, 2);

        h.Log.Append(3);
        h.Live.Offer(h.Log.Live(5));
        h.Live.Offer(h.Log.Live(3));
        h.Live.Offer(h.Log.Live(4));
        h.Live.Offer(h.Log.Live(4));
        h.Live.Offer(h.Log.Live(5));
        h.Live.Offer(h.Log.Live(h.Log.Append(1, EventTypes.RunCompleted)));
        var live = await ReadToEndAsync(subscription);
        await subscription.DisposeAsync();

        Assert.Equal(Range(1, 6), Seqs([.. replayed, .. live]));
        Assert.Equal([0, 2], h.Log.Reads);
    }

    [Fact]
    public async Task A_live_gap_is_filled_from_the_log()
    {
        await using var h = new StreamHarness();
        h.Options.ReplayPageSize = 2;
        h.Log.Append(1);
        var subscription = await h.OpenStartedAsync();
        Assert.Equal(Range(1, 1), Seqs(await ReadAsync(subscription, 1)));

        h.Log.Append(4);
        h.Live.Offer(h.Log.Live(5));
        var filled = await ReadAsync(subscription, 4);
        h.Live.Offer(h.Log.Live(5));
        h.Live.Offer(h.Ephemeral());
        var next = await ReadAsync(subscription, 1);
        await subscription.DisposeAsync();

        Assert.Equal(Range(2, 5), Seqs(filled));
        Assert.Null(next[0].Seq);
        Assert.Equal([0, 1, 3, 5], h.Log.Reads);
        Assert.Empty(h.Logger.Collector.GetSnapshot()); // the gap was filled: no warning
    }

    [Fact]
    public async Task A_live_event_the_log_does_not_hold_yet_is_left_to_the_next_probe()
    {
        await using var h = new StreamHarness();
        h.Log.Append(2);
        var subscription = await h.OpenStartedAsync();
        await ReadAsync(subscription, 2);

        h.Live.Offer(h.Unstored(4));
        await UntilAsync(() => h.Logger.Collector.Count > 0, "the unfilled gap's warning");
        var warning = h.Logger.LatestRecord;
        Assert.Equal(LogLevel.Warning, warning.Level);
        Assert.Contains("Event 4 ", warning.Message, StringComparison.Ordinal);
        Assert.Contains("up to 2;", warning.Message, StringComparison.Ordinal);
        Assert.False(subscription.Events.TryRead(out _));

        // Its predecessor's message was lost: the probe that finds the head past 2 makes it read the log.
        h.Log.Append(2);
        subscription.CatchUpTo(h.Log.Head);
        var caughtUp = await ReadAsync(subscription, 2);
        await subscription.DisposeAsync();

        Assert.Equal(Range(3, 4), Seqs(caughtUp));
        Assert.Equal([0, 2, 2], h.Log.Reads);
    }

    [Fact]
    public async Task The_probe_reads_the_log_only_when_its_head_is_past_the_last_delivered()
    {
        await using var h = new StreamHarness();
        h.Log.Append(2);
        var subscription = await h.OpenStartedAsync(after: 1);
        await ReadAsync(subscription, 1);

        subscription.CatchUpTo(1);
        subscription.CatchUpTo(2);
        h.Log.Append(1);
        subscription.CatchUpTo(3);
        var caughtUp = await ReadAsync(subscription, 1);
        h.Live.Offer(h.Log.Live(h.Log.Append(1))); // still live after the catch-up
        caughtUp.AddRange(await ReadAsync(subscription, 1));
        await subscription.DisposeAsync();

        Assert.Equal(Range(3, 4), Seqs(caughtUp));
        Assert.Equal([1, 2], h.Log.Reads);
    }

    [Fact]
    public async Task A_lost_message_after_a_live_event_is_read_at_a_later_probe()
    {
        await using var h = new StreamHarness();
        h.Log.Append(1);
        var subscription = await h.OpenStartedAsync();
        await ReadAsync(subscription, 1);
        h.Log.Append(2);
        h.Live.Offer(h.Log.Live(2));
        await ReadAsync(subscription, 1);

        // 3's message was lost. The probe right after a live event lets it pass (3 may still be on its way); a later one reads.
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(Patience);
        var probes = 0;
        EventEnvelope? caughtUp = null;
        while (caughtUp is null)
        {
            subscription.CatchUpTo(3);
            probes++;
            using var tick = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token);
            tick.CancelAfter(TimeSpan.FromMilliseconds(50));
            try
            {
                caughtUp = await subscription.Events.ReadAsync(tick.Token);
            }
            catch (OperationCanceledException) when (!timeout.IsCancellationRequested)
            {
                // Not yet: probe again, as the next interval would.
            }
        }

        await subscription.DisposeAsync();
        Assert.Equal(3, caughtUp.Seq);
        Assert.True(probes >= 2, $"read after {probes} probe(s)");
        Assert.Equal([0, 2], h.Log.Reads);
    }
    [Fact]
    public async Task A_live_event_right_after_what_the_gap_read_found_is_delivered_live()
    {
        await using var h = new StreamHarness();
        h.Log.Append(2);
        var subscription = await h.OpenStartedAsync();
        await ReadAsync(subscription, 2);

        // 3 is in the log, its message lost; 4 arrives live before its row is visible to this read.
        h.Log.Append(1);
        var four = h.Unstored(4);
        h.Live.Offer(four);
        var events = await ReadAsync(subscription, 2);
        await subscription.DisposeAsync();

        Assert.Equal(Range(3, 4), Seqs(events));
        Assert.Equal(four.Id, events[1].Id);
        Assert.Equal([0, 2], h.Log.Reads);
    }

    [Fact]
    public async Task A_run_completed_found_by_the_probe_ends_a_stream_opened_until_it()
    {
        await using var h = new StreamHarness();
        h.Log.Append(1);
        var subscription = await h.OpenStartedAsync(untilRunCompleted: true);
        await ReadAsync(subscription, 1);

        h.Log.Append(2, EventTypes.RunCompleted);
        h.Log.Append(1);
        subscription.CatchUpTo(h.Log.Head);
        var events = await ReadToEndAsync(subscription);
        await subscription.DisposeAsync();

        Assert.Equal(Range(2, 3), Seqs(events));
        Assert.Equal(new StreamEnd(h.SessionId, StreamEndReason.RunCompleted, 3), subscription.End);
        Assert.Equal([0, 1], h.Log.Reads);
    }
}
