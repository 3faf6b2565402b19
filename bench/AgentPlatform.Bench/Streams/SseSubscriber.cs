using System.Text.Json;

namespace AgentPlatform.Bench.Streams;

/// <summary>A Server-Sent Events stream, GET /api/v1/sessions/{id}/events/stream?after=, read line by line by a loop of its own.</summary>
public sealed class SseSubscriber : StreamSubscriber
{
    private const string EndEvent = "stream.end";
    private readonly HttpResponseMessage _response;
    private readonly StreamReader _reader;
    private readonly CancellationTokenSource _stop = new();
    private Task _loop = Task.CompletedTask;

    private SseSubscriber(HttpResponseMessage response, Stream body, SessionLog session)
        : base(session)
    {
        _response = response;
        _reader = new StreamReader(body);
    }

    /// <param name="http">A client with the token and no timeout; its handler opens one connection per stream.</param>
    public static async Task<SseSubscriber> ConnectAsync(HttpClient http, SessionLog session, CancellationToken ct)
    {
        var response = await http.GetAsync($"/api/v1/sessions/{session.Id}/events/stream?after={session.FirstSeq}", HttpCompletionOption.ResponseHeadersRead, ct);
        try
        {
            response.EnsureSuccessStatusCode();
            var subscriber = new SseSubscriber(response, await response.Content.ReadAsStreamAsync(ct), session);
            subscriber._loop = Task.Run(subscriber.ReadAsync, CancellationToken.None);
            return subscriber;
        }
        catch (Exception)
        {
            response.Dispose();
            throw;
        }
    }

    private async Task ReadAsync()
    {
        var type = "";
        try
        {
            while (await _reader.ReadLineAsync(_stop.Token) is { } line)
            {
                if (line.StartsWith("event: ", StringComparison.Ordinal))
                {
                    type = line["event: ".Length..];
                }
                else if (line.StartsWith("data: ", StringComparison.Ordinal))
                {
                    if (type == EndEvent)
                    {
                        Ended = "stream.end " + line["data: ".Length..];
                        return;
                    }

                    var evt = JsonSerializer.Deserialize<ReceivedEvent>(line.AsSpan("data: ".Length), JsonSerializerOptions.Web)!;
                    Record(evt, Stopwatch.GetTimestamp());
                }
            }

            Ended = "the server closed the stream";
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
            // Disposed: the benchmark is over.
        }
        catch (IOException ex)
        {
            Ended = "connection lost: " + ex.Message;
        }
    }

    public override async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        _reader.Dispose();
        _response.Dispose();
        _stop.Dispose();
    }
}
