using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using AgentPlatform.Tests.Streams;

namespace AgentPlatform.Tests.Faults;

/// <summary>
/// A client that follows one session's stream through faults, as a frontend would: whenever the stream breaks or is
/// refused it reconnects, to the next Api replica that runs, resuming after the last seq it saw (SSE by
/// <c>Last-Event-ID</c>, WebSocket by <c>after=</c>), until the run's <c>run.completed</c>. It records every durable
/// event it was given, duplicates and gaps included, with the time it arrived.
/// </summary>
public sealed class ResumingStream
{
    private readonly FaultStack _stack;
    private readonly Transport _transport;
    private readonly string _token;
    private readonly string _sessionId;
    private readonly Lock _lock = new();
    private readonly List<SeenEvent> _seen = [];
    private long _last;
    private int _replica;

    private ResumingStream(FaultStack stack, Transport transport, string user, string sessionId, int replica)
    {
        _stack = stack;
        _transport = transport;
        _token = TestTokens.Create(user, lifetime: TimeSpan.FromHours(1));
        _sessionId = sessionId;
        _replica = replica;
    }

    public Task Completion { get; private set; } = Task.CompletedTask;

    /// <summary>How many times the stream was opened again after the first.</summary>
    public int Reconnects { get; private set; }

    public IReadOnlyList<SeenEvent> Seen
    {
        get
        {
            lock (_lock)
            {
                return [.. _seen];
            }
        }
    }

    public static ResumingStream Follow(FaultStack stack, Transport transport, string user, string sessionId, int replica, CancellationToken ct)
    {
        var stream = new ResumingStream(stack, transport, user, sessionId, replica);
        stream.Completion = Task.Run(() => stream.RunAsync(ct), ct);
        return stream;
    }

    /// <summary>When the first event after <paramref name="timestamp"/> arrived (a <see cref="Stopwatch"/> timestamp), if one did.</summary>
    public long? FirstArrivalAfter(long timestamp) => Seen.FirstOrDefault(e => e.ArrivedAt > timestamp)?.ArrivedAt;

    private async Task RunAsync(CancellationToken ct)
    {
        var first = true;
        while (true)
        {
            ct.ThrowIfCancellationRequested();
            if (!first)
            {
                Reconnects++;
                await Task.Delay(100, ct);
            }

            first = false;
            try
            {
                await using var client = await ConnectAsync(ct);
                while (await client.ReadAsync(ct) is { } evt)
                {
                    if (evt.GetProperty("seq").ValueKind == JsonValueKind.Null)
                    {
                        continue;
                    }

                    Record(evt);
                    if (evt.GetProperty("type").GetString() == "run.completed")
                    {
                        return;
                    }
                }
            }
            catch (Exception ex) when (ex is not Xunit.Sdk.XunitException && !ct.IsCancellationRequested)
            {
                // Refused (the replica is down or answered 503) or cut: try the next replica.
                _replica++;
            }
        }
    }

    private async Task<IStreamClient> ConnectAsync(CancellationToken ct)
    {
        var address = _stack.ApiAddress(_replica);
        return _transport == Transport.WebSocket
            ? await WebSocketStreamClient.ConnectAsync(address, _token, _sessionId, _last, untilRunCompleted: true, ct)
            : await SseStreamClient.ConnectAsync(address, _token, _sessionId, after: null, untilRunCompleted: true, ct,
                lastEventId: _last.ToString(CultureInfo.InvariantCulture));
    }

    private void Record(JsonElement evt)
    {
        var seen = new SeenEvent(evt.GetProperty("seq").GetInt64(), evt.GetProperty("id").GetString()!, evt.GetProperty("type").GetString()!,
            Stopwatch.GetTimestamp());
        lock (_lock)
        {
            _seen.Add(seen);
            _last = Math.Max(_last, seen.Seq);
        }
    }
}

/// <summary>One durable event as a <see cref="ResumingStream"/> received it.</summary>
public sealed record SeenEvent(long Seq, string Id, string Type, long ArrivedAt);
