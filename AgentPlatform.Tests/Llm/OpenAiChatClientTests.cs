using System.ClientModel;
using System.Diagnostics;
using System.Text.Json;
using AgentPlatform.Core.Llm;
using AgentPlatform.Worker.Llm;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;

namespace AgentPlatform.Tests.Llm;

/// <summary>The Worker's real OpenAI client path (AddLlm, the HttpClient pipeline, the OpenAI SDK) over HTTP against the fake LLM server.</summary>
public sealed class OpenAiChatClientTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_text_answer_maps_to_the_response_text_and_usage()
    {
        await using var server = await FakeLlmServer.StartAsync(Ct);
        server.Enqueue(FakeLlmReply.Answer("Paris is the capital of France.", new FakeLlmUsage(120, 8, CachedTokens: 96)));
        using var host = LlmTestHost.Build(Environments.Production, server.ConnectionString());
        var chat = host.Services.GetRequiredService<IChatClient>();

        var response = await chat.GetResponseAsync(
            [new ChatMessage(ChatRole.System, "Be brief."), new ChatMessage(ChatRole.User, "What is the capital of France?")],
            new ChatOptions { MaxOutputTokens = 256 }, Ct);

        Assert.Equal("Paris is the capital of France.", response.Text);
        Assert.Equal(ChatFinishReason.Stop, response.FinishReason);
        Assert.Equal(FakeLlmServer.DefaultModel, response.ModelId);
        Assert.NotNull(response.Usage);
        Assert.Equal(120, response.Usage.InputTokenCount);
        Assert.Equal(8, response.Usage.OutputTokenCount);
        Assert.Equal(96, response.Usage.CachedInputTokenCount);
        Assert.Equal(128, response.Usage.TotalTokenCount);

        var request = Assert.Single(server.Requests);
        Assert.Equal(FakeLlmServer.DefaultModel, request.Model);
        Assert.False(request.Stream);
        Assert.Equal(["system", "user"], request.Messages.Select(m => (string?)m?["role"]));
        Assert.Equal("What is the capital of France?", request.LastUserText);
        Assert.Equal(256, request.MaxTokens);
    }

    [Fact]
    public async Task A_configured_provider_is_recorded_as_a_real_model()
    {
        await using var server = await FakeLlmServer.StartAsync(Ct);
        using var host = LlmTestHost.Build(Environments.Production, server.ConnectionString(model: "gpt-test"));

        Assert.Equal(new LlmModel("gpt-test", IsSimulated: false), host.Services.GetRequiredService<LlmModel>());
        var response = await host.Services.GetRequiredService<IChatClient>().GetResponseAsync("Hello", cancellationToken: Ct);
        Assert.Equal(FakeLlmServer.DefaultAnswer, response.Text);
        Assert.Equal("gpt-test", Assert.Single(server.Requests).Model);
    }

    [Fact]
    public async Task Streaming_yields_the_text_in_several_updates_and_usage_at_the_end()
    {
        await using var server = await FakeLlmServer.StartAsync(Ct);
        server.Enqueue(FakeLlmReply.Answer("One small step for a model.", new FakeLlmUsage(40, 7, CachedTokens: 32)));
        using var host = LlmTestHost.Build(Environments.Production, server.ConnectionString());
        var chat = host.Services.GetRequiredService<IChatClient>();

        List<ChatResponseUpdate> updates = [];
        await foreach (var update in chat.GetStreamingResponseAsync("Quote something.", cancellationToken: Ct))
        {
            updates.Add(update);
        }

        var texts = updates.Where(u => !string.IsNullOrEmpty(u.Text)).Select(u => u.Text).ToList();
        Assert.True(texts.Count >= 5, $"expected the text in several updates, got {texts.Count}: {string.Join("|", texts)}");
        Assert.Equal("One small step for a model.", string.Concat(texts));
        var lastText = updates.FindLastIndex(u => !string.IsNullOrEmpty(u.Text));
        var usageAt = updates.FindIndex(u => u.Contents.OfType<UsageContent>().Any());
        Assert.True(usageAt > lastText, $"usage came at update {usageAt}, text until {lastText}");
        var usage = updates[usageAt].Contents.OfType<UsageContent>().Single().Details;
        Assert.Equal(40, usage.InputTokenCount);
        Assert.Equal(7, usage.OutputTokenCount);
        Assert.Equal(32, usage.CachedInputTokenCount);
        Assert.Equal(ChatFinishReason.Stop, updates.ToChatResponse().FinishReason);

        var request = Assert.Single(server.Requests);
        Assert.True(request.Stream);
        Assert.True(request.IncludeUsage);
    }

    [Fact]
    public async Task A_tool_call_comes_back_as_a_function_call_and_the_request_carries_the_tool_schema()
    {
        await using var server = await FakeLlmServer.StartAsync(Ct);
        server.Enqueue(FakeLlmReply.ToolCall("get_weather", new { city = "Oslo", days = 3 }, id: "call_weather_1", new FakeLlmUsage(90, 20)));
        using var host = LlmTestHost.Build(Environments.Production, server.ConnectionString());
        var chat = host.Services.GetRequiredService<IChatClient>();
        var tool = AIFunctionFactory.Create((string city, int days) => $"{city}: sunny for {days} days", "get_weather", "Gets the weather forecast.");

        var response = await chat.GetResponseAsync("Weather in Oslo for 3 days?", new ChatOptions { Tools = [tool] }, Ct);

        Assert.Equal(ChatFinishReason.ToolCalls, response.FinishReason);
        var call = Assert.Single(response.Messages.SelectMany(m => m.Contents).OfType<FunctionCallContent>());
        Assert.Equal("call_weather_1", call.CallId);
        Assert.Equal("get_weather", call.Name);
        Assert.NotNull(call.Arguments);
        Assert.Equal("Oslo", Assert.IsType<JsonElement>(call.Arguments["city"]).GetString());
        Assert.Equal(3, Assert.IsType<JsonElement>(call.Arguments["days"]).GetInt32());

        var sent = Assert.Single(Assert.Single(server.Requests).Tools);
        Assert.Equal("function", (string?)sent?["type"]);
        Assert.Equal("get_weather", (string?)sent?["function"]?["name"]);
        Assert.Equal("Gets the weather forecast.", (string?)sent?["function"]?["description"]);
        var parameters = sent?["function"]?["parameters"];
        Assert.Equal("object", (string?)parameters?["type"]);
        Assert.Equal("string", (string?)parameters?["properties"]?["city"]?["type"]);
        Assert.Equal("integer", (string?)parameters?["properties"]?["days"]?["type"]);
        Assert.Equal(["city", "days"], parameters?["required"]?.AsArray().Select(n => (string?)n).Order());
    }

    [Fact]
    public async Task A_streamed_tool_call_is_assembled_into_one_function_call()
    {
        await using var server = await FakeLlmServer.StartAsync(Ct);
        server.Enqueue(FakeLlmReply.ToolCallsOf(
        [
            FakeLlmReply.Call("search", new { query = "aspire testing" }, id: "call_a"),
            FakeLlmReply.Call("fetch", new { url = "https://example.org/" }, id: "call_b"),
        ]));
        using var host = LlmTestHost.Build(Environments.Production, server.ConnectionString());
        var chat = host.Services.GetRequiredService<IChatClient>();

        var response = await chat.GetStreamingResponseAsync("Find it", cancellationToken: Ct).ToChatResponseAsync(Ct);

        Assert.Equal(ChatFinishReason.ToolCalls, response.FinishReason);
        var calls = response.Messages.SelectMany(m => m.Contents).OfType<FunctionCallContent>().ToList();
        Assert.Equal([("call_a", "search"), ("call_b", "fetch")], calls.Select(c => (c.CallId, c.Name)));
        Assert.Equal("aspire testing", Assert.IsType<JsonElement>(calls[0].Arguments?["query"]).GetString());
        Assert.Equal("https://example.org/", Assert.IsType<JsonElement>(calls[1].Arguments?["url"]).GetString());
    }

    [Fact]
    public async Task A_429_is_retried_after_the_delay_its_Retry_After_header_asks_for()
    {
        await using var server = await FakeLlmServer.StartAsync(Ct);
        server.Enqueue(FakeLlmReply.RateLimited(retryAfter: TimeSpan.FromSeconds(1)), FakeLlmReply.Answer("Worth the wait."));
        using var host = LlmTestHost.Build(Environments.Production, server.ConnectionString());
        var chat = host.Services.GetRequiredService<IChatClient>();

        var clock = Stopwatch.StartNew();
        var response = await chat.GetResponseAsync("Hello", cancellationToken: Ct);
        clock.Stop();

        Assert.Equal("Worth the wait.", response.Text);
        var requests = server.Requests;
        Assert.Equal(2, requests.Count);
        var wait = requests[1].ReceivedAt - requests[0].ReceivedAt;
        // The backoff alone would wait about LlmTestHost.RetryBaseDelay; the header asks for 1 s.
        Assert.InRange(wait, TimeSpan.FromSeconds(0.95), TimeSpan.FromSeconds(3));
        Assert.True(clock.Elapsed >= wait, $"the call took {clock.Elapsed}, less than the wait {wait}");
    }

    [Fact]
    public async Task A_500_followed_by_success_is_retried_with_the_same_request()
    {
        await using var server = await FakeLlmServer.StartAsync(Ct);
        server.Enqueue(FakeLlmReply.ServerError(), FakeLlmReply.Answer("Recovered."));
        using var host = LlmTestHost.Build(Environments.Production, server.ConnectionString());
        var chat = host.Services.GetRequiredService<IChatClient>();

        var response = await chat.GetResponseAsync("Hello", cancellationToken: Ct);

        Assert.Equal("Recovered.", response.Text);
        var requests = server.Requests;
        Assert.Equal(2, requests.Count);
        Assert.Equal(requests[0].Body.ToJsonString(), requests[1].Body.ToJsonString());
    }

    [Fact]
    public async Task A_persistent_500_fails_after_the_pipelines_retries_only()
    {
        await using var server = await FakeLlmServer.StartAsync(Ct);
        server.Fallback = _ => FakeLlmReply.ServerError();
        using var host = LlmTestHost.Build(Environments.Production, server.ConnectionString(), o => o.Retry.MaxRetryAttempts = 2);
        var chat = host.Services.GetRequiredService<IChatClient>();

        var error = await Assert.ThrowsAsync<ClientResultException>(() => chat.GetResponseAsync("Hello", cancellationToken: Ct));

        Assert.Equal(500, error.Status);
        // One attempt and two retries: nothing else (such as the OpenAI SDK's own retry policy) multiplies them.
        Assert.Equal(3, server.Requests.Count);
    }

    [Fact]
    public void The_llm_HttpClient_leaves_timeouts_to_the_pipeline_which_keeps_minutes_for_real_calls()
    {
        using var host = LlmTestHost.Build(Environments.Production, "Endpoint=http://127.0.0.1:9/v1;Key=k;Model=m");

        var http = host.Services.GetRequiredService<IHttpClientFactory>().CreateClient(LlmServiceExtensions.HttpClientName);
        // The standard handler's options are named after the client: "<client>-standard".
        var pipeline = host.Services.GetRequiredService<IOptionsMonitor<HttpStandardResilienceOptions>>()
            .Get($"{LlmServiceExtensions.HttpClientName}-standard");

        Assert.Equal(Timeout.InfiniteTimeSpan, http.Timeout);
        Assert.Equal(TimeSpan.FromMinutes(3), pipeline.AttemptTimeout.Timeout);
        Assert.Equal(TimeSpan.FromMinutes(10), pipeline.TotalRequestTimeout.Timeout);
    }

    [Fact]
    public async Task The_api_key_is_sent_as_a_bearer_token()
    {
        await using var server = await FakeLlmServer.StartAsync(Ct);
        using var host = LlmTestHost.Build(Environments.Production, server.ConnectionString(key: "test-key"));

        await host.Services.GetRequiredService<IChatClient>().GetResponseAsync("Hello", cancellationToken: Ct);

        Assert.Equal("Bearer test-key", Assert.Single(server.Requests).Authorization);
    }

    [Fact]
    public async Task A_context_length_error_is_not_retried_and_keeps_the_providers_message()
    {
        await using var server = await FakeLlmServer.StartAsync(Ct);
        server.Enqueue(FakeLlmReply.ContextLengthExceeded(maxTokens: 8192, requestedTokens: 9000));
        using var host = LlmTestHost.Build(Environments.Production, server.ConnectionString());
        var chat = host.Services.GetRequiredService<IChatClient>();

        var error = await Assert.ThrowsAsync<ClientResultException>(() => chat.GetResponseAsync("A very long prompt", cancellationToken: Ct));

        Assert.Equal(400, error.Status);
        Assert.Contains("maximum context length is 8192 tokens", error.Message);
        Assert.Contains("context_length_exceeded", error.Message);
        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task A_hung_attempt_is_cut_by_the_attempt_timeout_and_retried()
    {
        await using var server = await FakeLlmServer.StartAsync(Ct);
        server.Enqueue(FakeLlmReply.Hang(), FakeLlmReply.Answer("Second attempt."));
        using var host = LlmTestHost.Build(Environments.Production, server.ConnectionString(),
            o => o.AttemptTimeout.Timeout = TimeSpan.FromMilliseconds(500));
        var chat = host.Services.GetRequiredService<IChatClient>();

        var response = await chat.GetResponseAsync("Hello", cancellationToken: Ct);

        Assert.Equal("Second attempt.", response.Text);
        var requests = server.Requests;
        Assert.Equal(2, requests.Count);
        await requests[0].Aborted.WaitAsync(TimeSpan.FromSeconds(5), Ct);
        Assert.False(requests[1].Aborted.IsCompleted);
    }

    [Fact]
    public async Task Cancelling_a_call_aborts_the_request_at_the_server()
    {
        await using var server = await FakeLlmServer.StartAsync(Ct);
        server.Enqueue(FakeLlmReply.Hang());
        using var host = LlmTestHost.Build(Environments.Production, server.ConnectionString());
        var chat = host.Services.GetRequiredService<IChatClient>();
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(Ct);

        var call = chat.GetResponseAsync("Hello", cancellationToken: cancel.Token);
        var request = await server.WaitForRequestsAsync(1, Ct).WaitAsync(TimeSpan.FromSeconds(10), Ct);
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);
        await request.Aborted.WaitAsync(TimeSpan.FromSeconds(5), Ct);
        Assert.Single(server.Requests);
    }

    [Fact]
    public void Without_a_connection_string_Production_refuses_to_start()
    {
        var error = Assert.Throws<InvalidOperationException>(() => LlmTestHost.Build(Environments.Production, connectionString: null));

        Assert.Contains("ConnectionStrings:llm", error.Message);
        Assert.Contains("Development only", error.Message);
    }

    [Fact]
    public async Task Without_a_connection_string_Development_uses_the_simulated_model()
    {
        using var host = LlmTestHost.Build(Environments.Development, connectionString: null);

        Assert.Equal(new LlmModel(LlmConnection.SimulatedModel, IsSimulated: true), host.Services.GetRequiredService<LlmModel>());
        var chat = host.Services.GetRequiredService<IChatClient>();
        Assert.Equal(LlmConnection.SimulatedModel, chat.GetService<ChatClientMetadata>()?.DefaultModelId);
        var response = await chat.GetResponseAsync("Say hello to the simulated model", cancellationToken: Ct);
        Assert.StartsWith("[simulated model]", response.Text);
        Assert.Contains("Say hello to the simulated model", response.Text);
    }
}
