using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;

namespace AgentPlatform.Tests.Streams;

/// <summary>Reads <c>text/event-stream</c> line by line from an HttpClient response, only when asked.</summary>
public sealed class SseStreamClient : IStreamClient
{
    private readonly HttpClient _http;
    private readonly HttpResponseMessage _response;
    private readonly StreamReader _reader;

    private SseStreamClient(HttpClient http, HttpResponseMessage response, Stream body)
    {
        _http = http;
        _response = response;
        _reader = new StreamReader(body);
    }

    public string? EndReason { get; private set; }

    /// <summary>Comment lines seen (heartbeats and the opening one).</summary>
    public int Comments { get; private set; }

    /// <param name="tokenInQuery">Send the token as ?access_token= (as browsers' EventSource must) instead of the header.</param>
    public static async Task<SseStreamClient> ConnectAsync(
        Uri baseAddress, string? token, string sessionId, long? after, bool untilRunCompleted, CancellationToken ct,
        bool tokenInQuery = false, string? lastEventId = null)
    {
        var query = new List<string>();
        if (after is { } a)
        {
            query.Add($"after={a}");
        }

        if (untilRunCompleted)
        {
            query.Add("untilRunCompleted=true");
        }

        if (token is not null && tokenInQuery)
        {
            query.Add($"access_token={token}");
        }

        var http = new HttpClient { BaseAddress = baseAddress, Timeout = Timeout.InfiniteTimeSpan };
        var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/sessions/{sessionId}/events/stream?{string.Join('&', query)}");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        if (token is not null && !tokenInQuery)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        if (lastEventId is not null)
        {
            request.Headers.Add("Last-Event-ID", lastEventId);
        }

        var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
        if (!response.IsSuccessStatusCode)
        {
            var body = await response.Content.ReadAsStringAsync(ct);
            response.Dispose();
            http.Dispose();
            throw new StreamRefusedException((int)response.StatusCode, $"SSE answered {(int)response.StatusCode}: {body}");
        }

        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        return new SseStreamClient(http, response, await response.Content.ReadAsStreamAsync(ct));
    }

    public async Task<JsonElement?> ReadAsync(CancellationToken ct)
    {
        string? id = null, type = null, data = null;
        while (await _reader.ReadLineAsync(ct) is { } line)
        {
            if (line.Length == 0)
            {
                if (data is null)
                {
                    continue;
                }

                var json = JsonDocument.Parse(data).RootElement.Clone();
                if (type == "stream.end")
                {
                    EndReason = json.GetProperty("reason").GetString();
                    return null;
                }

                // The SSE id is the seq, and only durable events have one.
                var seq = json.GetProperty("seq");
                Assert.Equal(seq.ValueKind == JsonValueKind.Null ? null : seq.GetInt64().ToString(CultureInfo.InvariantCulture), id);
                Assert.Equal(json.GetProperty("type").GetString(), type);
                return json;
            }

            if (line.StartsWith(':'))
            {
                Comments++;
            }
            else if (line.StartsWith("id: ", StringComparison.Ordinal))
            {
                id = line[4..];
            }
            else if (line.StartsWith("event: ", StringComparison.Ordinal))
            {
                type = line[7..];
            }
            else if (line.StartsWith("data: ", StringComparison.Ordinal))
            {
                data = line[6..];
            }
        }

        return null;
    }

    public void PauseReading()
    {
    }

    public void ResumeReading()
    {
    }

    public ValueTask DisposeAsync()
    {
        _reader.Dispose();
        _response.Dispose();
        _http.Dispose();
        return ValueTask.CompletedTask;
    }
}
