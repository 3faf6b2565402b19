using System.Security.Claims;
using System.Threading.Channels;
using AgentPlatform.Api.Streams;
using AgentPlatform.Core.Events;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.SignalR;
using static AgentPlatform.Tests.Streams.Source.StreamHarness;

namespace AgentPlatform.Tests.Streams.Source;

/// <summary>
/// The hub's subscriptions (<see cref="HubSubscriptions"/>) over the in-memory stream source: what Subscribe refuses,
/// events and the end forwarded to the connection, a second Subscribe replacing the first, a gone connection.
/// </summary>
public sealed class HubSubscriptionsTests
{
    [Fact]
    public async Task Subscribe_refuses_a_negative_seq_a_caller_without_a_user_and_an_unknown_session()
    {
        await using var h = new StreamHarness();
        var hubs = new HubSubscriptions(h.Source, new FakeHub());

        var negative = await Assert.ThrowsAsync<HubException>(() => hubs.SubscribeAsync(new Caller("c1", "user-1"), h.SessionId, -1));
        Assert.Contains("afterSeq", negative.Message, StringComparison.Ordinal);
        var anonymous = await Assert.ThrowsAsync<HubException>(() => hubs.SubscribeAsync(new Caller("c1", sub: null), h.SessionId, 0));
        Assert.Contains("no user id", anonymous.Message, StringComparison.Ordinal);
        var noPrincipal = await Assert.ThrowsAsync<HubException>(() => hubs.SubscribeAsync(new Caller("c1", sub: null, withUser: false), h.SessionId, 0));
        Assert.Contains("no user id", noPrincipal.Message, StringComparison.Ordinal);
        Assert.Null(h.Live.Subscription);

        h.Log.SessionExists = false;
        var unknown = await Assert.ThrowsAsync<HubException>(() => hubs.SubscribeAsync(new Caller("c1", "user-1"), h.SessionId, 0));
        Assert.Contains(h.SessionId.ToString(), unknown.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Events_and_the_end_are_forwarded_to_the_connection_and_the_ended_subscription_is_released()
    {
        await using var h = new StreamHarness();
        h.Log.Append(3);
        var hub = new FakeHub();
        var hubs = new HubSubscriptions(h.Source, hub);
        await hubs.SubscribeAsync(new Caller("c1", "user-1"), h.SessionId, 1);

        var client = hub.For("c1");
        Assert.Equal(Range(2, 3), Seqs(await client.ReadEventsAsync(2)));
        h.StopServer();

        var end = await client.Ended.Task.WaitAsync(Patience, TestContext.Current.CancellationToken);
        Assert.Equal(new StreamEnd(h.SessionId, StreamEndReason.ServerStopping, 3), end);
        await UntilAsync(() => h.Subscribers == 0, "the ended subscription's release");
        await hubs.UnsubscribeAsync("c1", h.SessionId); // already forgotten: nothing to stop
        Assert.Equal(1, h.Live.Removed);
    }

    [Fact]
    public async Task A_second_subscribe_to_the_same_session_replaces_the_first_and_leaving_releases_it()
    {
        await using var h = new StreamHarness();
        var hub = new FakeHub();
        var hubs = new HubSubscriptions(h.Source, hub);
        var caller = new Caller("c1", "user-1");

        await hubs.SubscribeAsync(caller, h.SessionId, 0);
        var first = h.Live.Subscription!;
        h.Live.Reset();
        await hubs.SubscribeAsync(caller, h.SessionId, 0);

        Assert.False(await first.Events.WaitToReadAsync(TestContext.Current.CancellationToken)); // disposed
        Assert.Equal(1, h.Subscribers);
        await hubs.RemoveConnectionAsync("c2");
        Assert.Equal(1, h.Subscribers);
        await hubs.RemoveConnectionAsync("c1");
        Assert.Equal(0, h.Subscribers);
        Assert.False(hub.For("c1").Ended.Task.IsCompleted);
    }

    [Fact]
    public async Task A_connection_that_is_gone_stops_the_forwarding_quietly()
    {
        await using var h = new StreamHarness();
        h.Log.Append(2);
        var hub = new FakeHub();
        hub.For("c1").Failure = new IOException("connection reset");
        var hubs = new HubSubscriptions(h.Source, hub);

        await hubs.SubscribeAsync(new Caller("c1", "user-1"), h.SessionId, 0);
        await UntilAsync(() => hub.For("c1").Attempts == 1, "the first send");

        await hubs.UnsubscribeAsync("c1", h.SessionId);
        Assert.Equal(1, hub.For("c1").Attempts);
        Assert.Equal(0, h.Subscribers);
    }

    private sealed class Caller(string connectionId, string? sub, bool withUser = true) : HubCallerContext
    {
        private readonly CancellationTokenSource _aborted = new();

        public override string ConnectionId => connectionId;

        public override string? UserIdentifier => sub;

        public override ClaimsPrincipal? User => withUser
            ? new ClaimsPrincipal(new ClaimsIdentity(sub is null ? [] : [new Claim("sub", sub)], "test"))
            : null;

        public override IDictionary<object, object?> Items { get; } = new Dictionary<object, object?>();

        public override IFeatureCollection Features { get; } = new FeatureCollection();

        public override CancellationToken ConnectionAborted => _aborted.Token;

        public override void Abort() => _aborted.Cancel();
    }

    private sealed class FakeHub : IHubContext<SessionsHub, ISessionsClient>
    {
        private readonly Dictionary<string, FakeClient> _clients = [];

        public FakeHub() => Clients = new ByConnection(this);

        public IHubClients<ISessionsClient> Clients { get; }

        public IGroupManager Groups => throw new NotSupportedException();

        public FakeClient For(string connectionId)
        {
            lock (_clients)
            {
                return _clients.TryGetValue(connectionId, out var client) ? client : _clients[connectionId] = new FakeClient();
            }
        }

        private sealed class ByConnection(FakeHub hub) : IHubClients<ISessionsClient>
        {
            public ISessionsClient All => throw new NotSupportedException();

            public ISessionsClient Client(string connectionId) => hub.For(connectionId);

            public ISessionsClient AllExcept(IReadOnlyList<string> excludedConnectionIds) => throw new NotSupportedException();

            public ISessionsClient Clients(IReadOnlyList<string> connectionIds) => throw new NotSupportedException();

            public ISessionsClient Group(string groupName) => throw new NotSupportedException();

            public ISessionsClient GroupExcept(string groupName, IReadOnlyList<string> excludedConnectionIds) => throw new NotSupportedException();

            public ISessionsClient Groups(IReadOnlyList<string> groupNames) => throw new NotSupportedException();

            public ISessionsClient User(string userId) => throw new NotSupportedException();

            public ISessionsClient Users(IReadOnlyList<string> userIds) => throw new NotSupportedException();
        }
    }

    private sealed class FakeClient : ISessionsClient
    {
        private readonly Channel<EventEnvelope> _events = Channel.CreateUnbounded<EventEnvelope>();
        private int _attempts;

        public Exception? Failure { get; set; }

        public int Attempts => Volatile.Read(ref _attempts);

        public TaskCompletionSource<StreamEnd> Ended { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task Event(EventEnvelope evt)
        {
            Interlocked.Increment(ref _attempts);
            return Failure is { } failure ? Task.FromException(failure) : _events.Writer.WriteAsync(evt).AsTask();
        }

        public Task StreamEnded(StreamEnd end)
        {
            Ended.TrySetResult(end);
            return Task.CompletedTask;
        }

        public async Task<List<EventEnvelope>> ReadEventsAsync(int count)
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
            timeout.CancelAfter(Patience);
            var events = new List<EventEnvelope>();
            while (events.Count < count)
            {
                events.Add(await _events.Reader.ReadAsync(timeout.Token));
            }

            return events;
        }
    }
}
