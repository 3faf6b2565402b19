using System.Diagnostics;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace AgentPlatform.Tests.Support;

/// <summary>
/// An OpenAI-compatible LLM server on 127.0.0.1 and a random port, for tests: POST /v1/chat/completions (JSON, or
/// Server-Sent Events when <c>stream</c> is set) and GET /v1/models. Each request takes the next scripted reply from
/// the queue (<see cref="Enqueue(FakeLlmReply[])"/>), or <see cref="Fallback"/> when the queue is empty; every request
/// is recorded in <see cref="Requests"/>.
/// </summary>
public sealed class FakeLlmServer : IAsyncDisposable
{
    public const string DefaultModel = "fake-model";
    public const string DefaultKey = "test-key";
    public const string DefaultAnswer = "This is the fake LLM's default answer.";

    private readonly WebApplication _app;
    private readonly Lock _lock = new();
    private readonly Queue<Func<FakeLlmRequest, FakeLlmReply>> _queue = new();
    private readonly List<FakeLlmRequest> _requests = [];
    private readonly CancellationTokenSource _stopping = new();
    private readonly long _startedAt = Stopwatch.GetTimestamp();
    private TaskCompletionSource _received = NewSignal();

    private FakeLlmServer(WebApplication app)
    {
        _app = app;
        app.MapPost("/v1/chat/completions", CompleteAsync);
        app.MapGet("/v1/models", (HttpContext context) =>
            context.Response.WriteAsync(OpenAiWire.ModelList(Models, Created).ToJsonString(), context.RequestAborted));
    }

    /// <summary>The OpenAI base URL, ending in <c>/v1</c>.</summary>
    public Uri Endpoint { get; private set; } = null!;

    /// <summary>Builds the reply when the queue is empty; by default a fixed text answer without usage.</summary>
    public Func<FakeLlmRequest, FakeLlmReply> Fallback { get; set; } = _ => FakeLlmReply.Answer(DefaultAnswer);

    /// <summary>Models that answer a request asking for structured output with a 400 about response_format.</summary>
    public ISet<string> ModelsWithoutStructuredOutput { get; } = new HashSet<string>(StringComparer.Ordinal);

    /// <summary>The ids GET /v1/models lists.</summary>
    public IReadOnlyList<string> Models { get; set; } = [DefaultModel];

    public IReadOnlyList<FakeLlmRequest> Requests
    {
        get
        {
            lock (_lock)
            {
                return [.. _requests];
            }
        }
    }

    private static long Created => DateTimeOffset.UtcNow.ToUnixTimeSeconds();

    public static async Task<FakeLlmServer> StartAsync(CancellationToken cancellationToken = default)
    {
        var server = new FakeLlmServer(LoopbackApp.Create());
        await server._app.StartAsync(cancellationToken);
        server.Endpoint = new Uri(server._app.Services.ListeningAddress(), "/v1");
        return server;
    }

    /// <summary>The Worker's connection string <c>llm</c> pointing here.</summary>
    public string ConnectionString(string model = DefaultModel, string? key = DefaultKey) =>
        $"Endpoint={Endpoint};Model={model}" + (key is null ? "" : $";Key={key}");

    /// <summary>Queues replies, answered one per request in order.</summary>
    public FakeLlmServer Enqueue(params FakeLlmReply[] replies)
    {
        foreach (var reply in replies)
        {
            Enqueue(_ => reply);
        }

        return this;
    }

    /// <summary>Queues a reply built from the request it answers.</summary>
    public FakeLlmServer Enqueue(Func<FakeLlmRequest, FakeLlmReply> reply)
    {
        lock (_lock)
        {
            _queue.Enqueue(reply);
        }

        return this;
    }

    /// <summary>Waits until the server has received at least <paramref name="count"/> requests; returns the last of them.</summary>
    public async Task<FakeLlmRequest> WaitForRequestsAsync(int count, CancellationToken cancellationToken)
    {
        while (true)
        {
            Task received;
            lock (_lock)
            {
                if (_requests.Count >= count)
                {
                    return _requests[count - 1];
                }

                received = _received.Task;
            }

            await received.WaitAsync(cancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        await _app.StopAsync();
        await _app.DisposeAsync();
        _stopping.Dispose();
    }

    private async Task CompleteAsync(HttpContext context)
    {
        var aborted = context.RequestAborted;
        JsonObject? body;
        try
        {
            body = await JsonNode.ParseAsync(context.Request.Body, cancellationToken: aborted) as JsonObject;
        }
        catch (JsonException)
        {
            body = null;
        }

        if (body is null)
        {
            await WriteJsonAsync(context, HttpStatusCode.BadRequest,
                OpenAiWire.Error("The body must be a JSON object.", "invalid_request_error", null, null));
            return;
        }

        var (request, reply) = Receive(context, body);
        using var giveUp = CancellationTokenSource.CreateLinkedTokenSource(aborted, _stopping.Token);
        try
        {
            await Task.Delay(reply.Hangs ? Timeout.InfiniteTimeSpan : reply.Delay, giveUp.Token);
        }
        catch (OperationCanceledException)
        {
            request.MarkAborted();
            return;
        }

        if (reply.StatusCode != HttpStatusCode.OK)
        {
            if (reply.RetryAfter is { } retryAfter)
            {
                context.Response.Headers.RetryAfter = ((int)Math.Ceiling(retryAfter.TotalSeconds)).ToString();
            }

            await WriteJsonAsync(context, reply.StatusCode, JsonNode.Parse(reply.ErrorBody ?? "{}")!);
            return;
        }

        var id = $"chatcmpl-fake{request.Index}";
        var model = request.Model ?? DefaultModel;
        if (!request.Stream)
        {
            await WriteJsonAsync(context, HttpStatusCode.OK, OpenAiWire.Completion(reply, id, model, Created));
            return;
        }

        context.Response.ContentType = "text/event-stream";
        context.Response.Headers.CacheControl = "no-cache";
        foreach (var chunk in OpenAiWire.Chunks(reply, id, model, Created, request.IncludeUsage))
        {
            await context.Response.WriteAsync($"data: {chunk.ToJsonString()}\n\n", aborted);
            await context.Response.Body.FlushAsync(aborted);
        }

        await context.Response.WriteAsync("data: [DONE]\n\n", aborted);
    }

    private (FakeLlmRequest Request, FakeLlmReply Reply) Receive(HttpContext context, JsonObject body)
    {
        lock (_lock)
        {
            var request = new FakeLlmRequest
            {
                Index = _requests.Count,
                Body = body,
                Headers = context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase),
                ReceivedAt = Stopwatch.GetElapsedTime(_startedAt),
            };
            _requests.Add(request);
            var reply = request.ResponseFormatSchema is not null && request.Model is { } requested && ModelsWithoutStructuredOutput.Contains(requested)
                ? FakeLlmReply.ResponseFormatUnsupported()
                : Answer(request, _queue.TryDequeue(out var next) ? next(request) : Fallback(request));
            _received.TrySetResult();
            _received = NewSignal();
            return (request, reply);
        }
    }

    /// <summary>A structured reply built from the request's schema, cut at its max_tokens as a provider would (~4 characters a token).</summary>
    private static FakeLlmReply Answer(FakeLlmRequest request, FakeLlmReply reply)
    {
        if (reply.SchemaArrayItems is not { } items || request.ResponseFormatSchema is not { } schema)
        {
            return reply;
        }

        var text = SchemaInstance.Build(schema, items).ToJsonString();
        return request.MaxTokens is { } max && text.Length > max * 4
            ? reply with { Text = text[..(max * 4)], Truncated = true }
            : reply with { Text = text };
    }

    private static Task WriteJsonAsync(HttpContext context, HttpStatusCode status, JsonNode body)
    {
        context.Response.StatusCode = (int)status;
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync(body.ToJsonString(), context.RequestAborted);
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
