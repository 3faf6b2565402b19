using System.Reflection;
using AgentPlatform.Core.Events;
using AgentPlatform.Tests.Streams;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace AgentPlatform.Tests.Events;

/// <summary>The publisher against a Redis stand-in: what it sends where, and which failures it logs instead of throwing.</summary>
public sealed class RedisEventPublisherTests
{
    private static readonly DateTimeOffset Now = new(2026, 7, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Saved_events_are_published_on_their_sessions_channel_in_seq_order()
    {
        var redis = RecordingRedis.Create(out var sent);
        var publisher = new RedisEventPublisher(redis, new CapturingLogger<RedisEventPublisher>());
        var session = Guid.NewGuid();
        var run = Guid.NewGuid();

        await publisher.PublishAsync([Event(session, 4, run), Event(session, 5, run)]);

        Assert.Equal([EventChannels.Session(session).ToString(), EventChannels.Session(session).ToString()], sent.Select(s => s.Channel));
        Assert.Equal([4L, 5L], sent.Select(s => EventEnvelope.FromJson(s.Message).Seq!.Value));
        Assert.Equal(run, EventEnvelope.FromJson(sent[0].Message).RunId);
    }

    [Fact]
    public async Task Nothing_to_publish_does_not_reach_Redis()
    {
        // Any call on this stand-in throws NotSupportedException, which the publisher does not swallow.
        var publisher = new RedisEventPublisher(RecordingRedis.Unusable(), new CapturingLogger<RedisEventPublisher>());

        await publisher.PublishAsync([]);
    }

    [Fact]
    public async Task Live_events_and_broadcasts_carry_the_clocks_time_and_no_seq()
    {
        var redis = RecordingRedis.Create(out var sent);
        var publisher = new RedisEventPublisher(redis, new CapturingLogger<RedisEventPublisher>(), new FixedTime(Now));
        var session = Guid.NewGuid();

        await publisher.PublishEphemeralAsync(session, null, new AgentMessageDeltaData(1, "He"));
        await publisher.BroadcastAsync(new WebhookFailedData(1, 1, "x"));

        Assert.Equal([EventChannels.Session(session).ToString(), EventChannels.Broadcast.ToString()], sent.Select(s => s.Channel));
        var live = EventEnvelope.FromJson(sent[0].Message);
        var broadcast = EventEnvelope.FromJson(sent[1].Message);
        Assert.Equal(((long?)null, EventTypes.AgentMessageDelta, (Guid?)session, Now), (live.Seq, live.Type, live.SessionId, live.Timestamp));
        Assert.Equal(((Guid?)null, Now), (broadcast.SessionId, broadcast.Timestamp));
    }

    public static TheoryData<string> RedisFailures() => ["redis", "timeout", "disposed"];

    [Theory]
    [MemberData(nameof(RedisFailures))]
    public async Task A_Redis_failure_is_logged_as_a_warning_never_thrown(string failure)
    {
        Exception error = failure switch
        {
            "redis" => new RedisConnectionException(ConnectionFailureType.SocketFailure, "down"),
            "timeout" => new TimeoutException("slow"),
            _ => new ObjectDisposedException("multiplexer"),
        };
        var logger = new CapturingLogger<RedisEventPublisher>();
        var publisher = new RedisEventPublisher(RecordingRedis.Failing(error), logger);
        var session = Guid.NewGuid();

        await publisher.PublishAsync([Event(session, 7, null), Event(session, 9, null)]);
        await publisher.PublishEphemeralAsync(session, null, new AgentMessageDeltaData(1, "x"));

        Assert.Equal(2, logger.Entries.Count);
        Assert.All(logger.Entries, e => Assert.Equal(LogLevel.Warning, e.Level));
        Assert.Contains("Events 7..9 of session " + session, logger.Entries[0].Message, StringComparison.Ordinal);
        Assert.Contains(EventTypes.AgentMessageDelta, logger.Entries[1].Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Any_other_failure_is_not_swallowed()
    {
        var publisher = new RedisEventPublisher(RecordingRedis.Failing(new InvalidOperationException("bug")), new CapturingLogger<RedisEventPublisher>());

        await Assert.ThrowsAsync<InvalidOperationException>(() => publisher.PublishAsync([Event(Guid.NewGuid(), 1, null)]));
        await Assert.ThrowsAsync<InvalidOperationException>(() => publisher.BroadcastAsync(new WebhookFailedData(1, 1, "x")));
    }

    private static SessionEvent Event(Guid session, long seq, Guid? run) =>
        new(session, seq, EventTypes.AgentThinking, run, EventCatalog.Serialize(new AgentThinkingData("t", null)), Now);

    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }

    /// <summary>An <see cref="IConnectionMultiplexer"/> whose subscriber records publishes, or fails them.</summary>
    public class RecordingRedis : DispatchProxy
    {
        private List<(string Channel, string Message)>? _sent;
        private Exception? _failure;
        private bool _unusable;

        public static IConnectionMultiplexer Create(out List<(string Channel, string Message)> sent)
        {
            sent = [];
            return Make(sent, null, false);
        }

        public static IConnectionMultiplexer Failing(Exception failure) => Make([], failure, false);

        public static IConnectionMultiplexer Unusable() => Make([], null, true);

        private static IConnectionMultiplexer Make(List<(string, string)> sent, Exception? failure, bool unusable)
        {
            var proxy = Create<IConnectionMultiplexer, RecordingRedis>();
            var self = (RecordingRedis)(object)proxy;
            (self._sent, self._failure, self._unusable) = (sent, failure, unusable);
            return proxy;
        }

        protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
        {
            if (_unusable)
            {
                throw new NotSupportedException(targetMethod?.Name);
            }

            switch (targetMethod?.Name)
            {
                case nameof(IConnectionMultiplexer.GetSubscriber):
                    var subscriber = Create<ISubscriber, RecordingRedis>();
                    var self = (RecordingRedis)(object)subscriber;
                    (self._sent, self._failure) = (_sent, _failure);
                    return subscriber;
                case nameof(ISubscriber.PublishAsync):
                    if (_failure is not null)
                    {
                        return Task.FromException<long>(_failure);
                    }

                    lock (_sent!)
                    {
                        _sent.Add((((RedisChannel)args![0]!).ToString(), ((RedisValue)args[1]!).ToString()));
                    }

                    return Task.FromResult(1L);
                default:
                    throw new NotSupportedException(targetMethod?.Name);
            }
        }
    }
}
