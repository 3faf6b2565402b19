using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace AgentPlatform.Tests.Llm;

/// <summary>The fake LLM server's own wire format and scripting, checked over raw HTTP (no OpenAI client involved).</summary>
public sealed class FakeLlmServerTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_streamed_answer_is_server_sent_events_with_usage_last_and_then_DONE()
    {
        await using var server = await FakeLlmServer.StartAsync(Ct);
        server.Enqueue(FakeLlmReply.Answer("Hello streaming world", new FakeLlmUsage(11, 3, CachedTokens: 2)));
        using var http = new HttpClient();

        using var response = await PostAsync(http, server, Body(stream: true, includeUsage: true));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        var events = await DataLinesAsync(response);
        Assert.Equal("[DONE]", events[^1]);
        var chunks = events[..^1].Select(e => JsonNode.Parse(e)!).ToList();
        Assert.All(chunks, c => Assert.Equal("chat.completion.chunk", (string?)c["object"]));
        Assert.Equal("Hello streaming world", string.Concat(chunks[..^1].Select(c => (string?)c["choices"]?[0]?["delta"]?["content"])));
        Assert.Equal("stop", (string?)chunks[^2]["choices"]?[0]?["finish_reason"]);
        Assert.Empty(chunks[^1]["choices"]!.AsArray());
        Assert.Equal(11, (int?)chunks[^1]["usage"]?["prompt_tokens"]);
        Assert.Equal(3, (int?)chunks[^1]["usage"]?["completion_tokens"]);
        Assert.Equal(2, (int?)chunks[^1]["usage"]?["prompt_tokens_details"]?["cached_tokens"]);
    }

    [Fact]
    public async Task A_stream_without_include_usage_carries_no_usage()
    {
        await using var server = await FakeLlmServer.StartAsync(Ct);
        server.Enqueue(FakeLlmReply.Answer("No usage here", new FakeLlmUsage(11, 3)));
        using var http = new HttpClient();

        using var response = await PostAsync(http, server, Body(stream: true, includeUsage: false));

        var events = await DataLinesAsync(response);
        Assert.Equal("[DONE]", events[^1]);
        Assert.DoesNotContain(events[..^1], e => JsonNode.Parse(e)?["usage"] is not null);
        Assert.Equal("stop", (string?)JsonNode.Parse(events[^2])?["choices"]?[0]?["finish_reason"]);
    }

    [Fact]
    public async Task Replies_come_from_the_queue_in_order_then_from_the_fallback()
    {
        await using var server = await FakeLlmServer.StartAsync(Ct);
        server.Enqueue(FakeLlmReply.Answer("first"))
            .Enqueue(request => FakeLlmReply.Answer($"you said: {request.LastUserText}"));
        server.Fallback = request => FakeLlmReply.Answer($"fallback #{request.Index}");
        using var http = new HttpClient();

        List<string?> answers = [];
        foreach (var prompt in new[] { "a", "b", "c", "d" })
        {
            using var response = await PostAsync(http, server, Body(prompt: prompt));
            var completion = await response.Content.ReadFromJsonAsync<JsonNode>(Ct);
            answers.Add((string?)completion?["choices"]?[0]?["message"]?["content"]);
        }

        Assert.Equal(["first", "you said: b", "fallback #2", "fallback #3"], answers);
        Assert.Equal(["a", "b", "c", "d"], server.Requests.Select(r => r.LastUserText));
        Assert.Equal([0, 1, 2, 3], server.Requests.Select(r => r.Index));
    }

    [Fact]
    public async Task A_reply_without_usage_has_no_usage_block()
    {
        await using var server = await FakeLlmServer.StartAsync(Ct);
        using var http = new HttpClient();

        using var response = await PostAsync(http, server, Body());

        var completion = await response.Content.ReadFromJsonAsync<JsonNode>(Ct);
        Assert.Equal(FakeLlmServer.DefaultAnswer, (string?)completion?["choices"]?[0]?["message"]?["content"]);
        Assert.Null(completion?["usage"]);
    }

    [Fact]
    public async Task A_rate_limit_answers_429_with_Retry_After_and_OpenAIs_error_body()
    {
        await using var server = await FakeLlmServer.StartAsync(Ct);
        server.Enqueue(FakeLlmReply.RateLimited(TimeSpan.FromSeconds(7)));
        using var http = new HttpClient();

        using var response = await PostAsync(http, server, Body());

        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(7), response.Headers.RetryAfter?.Delta);
        var error = (await response.Content.ReadFromJsonAsync<JsonNode>(Ct))?["error"];
        Assert.Equal("rate_limit_exceeded", (string?)error?["code"]);
    }

    [Fact]
    public async Task A_context_length_error_is_OpenAIs_400_body()
    {
        await using var server = await FakeLlmServer.StartAsync(Ct);
        server.Enqueue(FakeLlmReply.ContextLengthExceeded(maxTokens: 4096, requestedTokens: 5000));
        using var http = new HttpClient();

        using var response = await PostAsync(http, server, Body());

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = (await response.Content.ReadFromJsonAsync<JsonNode>(Ct))?["error"];
        Assert.StartsWith("This model's maximum context length is 4096 tokens. However, your messages resulted in 5000 tokens.", (string?)error?["message"]);
        Assert.Equal("invalid_request_error", (string?)error?["type"]);
        Assert.Equal("messages", (string?)error?["param"]);
        Assert.Equal("context_length_exceeded", (string?)error?["code"]);
    }

    [Fact]
    public async Task A_body_that_is_not_JSON_is_a_400_and_is_not_recorded()
    {
        await using var server = await FakeLlmServer.StartAsync(Ct);
        using var http = new HttpClient();

        using var response = await http.PostAsync($"{server.Endpoint}/chat/completions", new StringContent("not json"), Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("invalid_request_error", (string?)(await response.Content.ReadFromJsonAsync<JsonNode>(Ct))?["error"]?["type"]);
        Assert.Empty(server.Requests);
    }

    [Fact]
    public async Task The_model_list_names_the_configured_models()
    {
        await using var server = await FakeLlmServer.StartAsync(Ct);
        server.Models = ["fake-model", "fake-model-mini"];
        using var http = new HttpClient();

        var list = await http.GetFromJsonAsync<JsonNode>($"{server.Endpoint}/models", Ct);

        Assert.Equal("list", (string?)list?["object"]);
        Assert.Equal(["fake-model", "fake-model-mini"], list?["data"]?.AsArray().Select(m => (string?)m?["id"]));
    }

    private static object Body(string prompt = "hi", bool stream = false, bool includeUsage = false) => new
    {
        model = FakeLlmServer.DefaultModel,
        messages = new[] { new { role = "user", content = prompt } },
        stream,
        stream_options = includeUsage ? new { include_usage = true } : null,
    };

    private static Task<HttpResponseMessage> PostAsync(HttpClient http, FakeLlmServer server, object body) =>
        http.PostAsJsonAsync($"{server.Endpoint}/chat/completions", body, JsonSerializerOptions.Default, Ct);

    private static async Task<string[]> DataLinesAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync(Ct);
        return [.. text.Split('\n').Where(l => l.StartsWith("data: ", StringComparison.Ordinal)).Select(l => l["data: ".Length..])];
    }
}
