using System.Buffers;
using System.IO.Pipelines;
using System.Text;
using AgentPlatform.Api.Streams;
using AgentPlatform.Core.Events;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using static AgentPlatform.Tests.Streams.Source.StreamHarness;

namespace AgentPlatform.Tests.Streams.Source;

/// <summary>
/// How a subscription is written as Server-Sent Events (<see cref="ServerSentEventsResult"/>): ids for durable events
/// only, heartbeats, the <c>stream.end</c> message, and a client that goes away at any point.
/// </summary>
public sealed class ServerSentEventsResultTests
{
    [Fact]
    public async Task Durable_events_carry_their_seq_as_id_ephemeral_ones_none_and_the_end_says_why()
    {
        await using var h = new StreamHarness();
        h.Log.Append(1);
        h.Log.DuringRead = read =>
        {
            if (read == 1)
            {
                h.Live.Offer(h.Ephemeral());
                h.Live.Offer(h.Log.Live(h.Log.Append(1, EventTypes.RunCompleted)));
            }

            return Task.CompletedTask;
        };
        var subscription = await h.OpenStartedAsync(untilRunCompleted: true);
        var client = new Client();

        await new ServerSentEventsResult(subscription, TimeSpan.FromMinutes(10)).ExecuteAsync(client.Context);
        var text = await client.ReadToEndAsync();

        Assert.Equal(ServerSentEventsResult.ContentType, client.Context.Response.ContentType);
        Assert.Equal("no-cache", client.Context.Response.Headers.CacheControl);
        Assert.Equal("no", client.Context.Response.Headers["X-Accel-Buffering"]);
        Assert.True(client.BufferingDisabled);
        var messages = text.Split("\n\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(": connected", messages[0]);
        Assert.StartsWith("id: 1\nevent: agent.message\ndata: {\"seq\":1,", messages[1], StringComparison.Ordinal);
        Assert.StartsWith("event: agent.message_delta\ndata: {", messages[2], StringComparison.Ordinal);
        Assert.StartsWith("id: 2\nevent: run.completed\ndata: ", messages[3], StringComparison.Ordinal);
        Assert.Equal($"event: stream.end\ndata: {{\"sessionId\":\"{h.SessionId}\",\"reason\":\"run_completed\",\"lastSeq\":2}}", messages[4]);
        Assert.Equal(5, messages.Length);
        Assert.Equal(0, h.Subscribers); // the result owns the subscription
    }

    [Fact]
    public async Task An_idle_stream_sends_heartbeats_until_the_client_leaves()
    {
        await using var h = new StreamHarness();
        var subscription = await h.OpenStartedAsync();
        var client = new Client();

        var writing = new ServerSentEventsResult(subscription, TimeSpan.FromMilliseconds(20)).ExecuteAsync(client.Context);
        var text = await client.ReadUntilAsync(": heartbeat\n\n: heartbeat\n\n");
        await client.LeaveAsync();
        await writing.WaitAsync(Patience, TestContext.Current.CancellationToken);

        Assert.StartsWith(": connected\n\n: heartbeat\n\n", text, StringComparison.Ordinal);
        Assert.Equal(0, h.Subscribers);
        Assert.Null(subscription.End);
    }

    [Fact]
    public async Task A_client_gone_before_the_first_flush_ends_the_response()
    {
        await using var h = new StreamHarness();
        h.Log.Append(1);
        var subscription = await h.OpenStartedAsync();
        var client = new Client();
        client.Close();

        await new ServerSentEventsResult(subscription, TimeSpan.FromMinutes(10)).ExecuteAsync(client.Context).WaitAsync(Patience, TestContext.Current.CancellationToken);

        Assert.Equal(0, h.Subscribers);
    }

    [Fact]
    public async Task A_client_gone_after_the_connect_ends_the_response_at_the_next_event()
    {
        await using var h = new StreamHarness();
        var subscription = await h.OpenStartedAsync();
        var client = new Client();

        var writing = new ServerSentEventsResult(subscription, TimeSpan.FromMinutes(10)).ExecuteAsync(client.Context);
        await client.ReadUntilAsync(": connected\n\n");
        client.Close();
        h.Live.Offer(h.Ephemeral());

        await writing.WaitAsync(Patience, TestContext.Current.CancellationToken);
        Assert.Equal(0, h.Subscribers);
    }

    [Fact]
    public async Task A_client_gone_after_the_connect_ends_the_response_at_the_next_heartbeat()
    {
        await using var h = new StreamHarness();
        var subscription = await h.OpenStartedAsync();
        var client = new Client();

        var writing = new ServerSentEventsResult(subscription, TimeSpan.FromMilliseconds(20)).ExecuteAsync(client.Context);
        await client.ReadUntilAsync(": connected\n\n");
        client.Close();

        await writing.WaitAsync(Patience, TestContext.Current.CancellationToken);
        Assert.Equal(0, h.Subscribers);
    }

    /// <summary>A response whose body is a pipe the test reads (or closes, as a client that went away).</summary>
    private sealed class Client : IHttpResponseBodyFeature
    {
        private readonly Pipe _pipe = new();
        private readonly CancellationTokenSource _aborted = new();
        private readonly StringBuilder _read = new();

        public Client()
        {
            Context = new DefaultHttpContext { RequestAborted = _aborted.Token };
            Context.Features.Set<IHttpResponseBodyFeature>(this);
        }

        public DefaultHttpContext Context { get; }

        public bool BufferingDisabled { get; private set; }

        public Stream Stream => throw new NotSupportedException();

        public PipeWriter Writer => _pipe.Writer;

        public void DisableBuffering() => BufferingDisabled = true;

        public Task StartAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;

        public Task SendFileAsync(string path, long offset, long? count, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task CompleteAsync() => Task.CompletedTask;

        public void Close() => _pipe.Reader.Complete();

        public Task LeaveAsync() => _aborted.CancelAsync();

        public async Task<string> ReadUntilAsync(string expected)
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
            timeout.CancelAfter(Patience);
            while (!_read.ToString().Contains(expected, StringComparison.Ordinal))
            {
                var result = await _pipe.Reader.ReadAsync(timeout.Token);
                _read.Append(Encoding.UTF8.GetString(result.Buffer.ToArray()));
                _pipe.Reader.AdvanceTo(result.Buffer.End);
            }

            return _read.ToString();
        }

        public async Task<string> ReadToEndAsync()
        {
            await _pipe.Writer.CompleteAsync();
            while (true)
            {
                var result = await _pipe.Reader.ReadAsync(TestContext.Current.CancellationToken);
                _read.Append(Encoding.UTF8.GetString(result.Buffer.ToArray()));
                _pipe.Reader.AdvanceTo(result.Buffer.End);
                if (result.IsCompleted)
                {
                    return _read.ToString();
                }
            }
        }
    }
}
