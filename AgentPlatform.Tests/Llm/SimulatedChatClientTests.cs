using System.Text.Json;
using AgentPlatform.Core.Llm;
using AgentPlatform.Worker.Llm;
using Microsoft.Extensions.AI;

namespace AgentPlatform.Tests.Llm;

/// <summary>The simulated model's answers, called directly: each shape of conversation it tells apart.</summary>
public sealed class SimulatedChatClientTests : IDisposable
{
    private readonly SimulatedChatClient _chat = new(new TokenCounter(), TimeSpan.Zero);
    private readonly CancellationToken _ct = TestContext.Current.CancellationToken;

    public void Dispose() => _chat.Dispose();

    [Fact]
    public void It_describes_itself_as_the_simulated_model_and_offers_nothing_else_or_keyed()
    {
        var metadata = Assert.IsType<ChatClientMetadata>(_chat.GetService(typeof(ChatClientMetadata)));

        Assert.Equal(LlmConnection.SimulatedModel, metadata.DefaultModelId);
        Assert.Equal("simulated", metadata.ProviderName);
        Assert.Same(_chat, _chat.GetService(typeof(IChatClient)));
        Assert.Null(_chat.GetService(typeof(ChatClientMetadata), "key"));
        Assert.Null(_chat.GetService(typeof(IChatClient), "key"));
        Assert.Null(_chat.GetService(typeof(string)));
    }

    [Fact]
    public async Task A_plan_directive_sets_the_number_of_steps()
    {
        var text = await AnswerAsync([new(ChatRole.User, "Benchmark me [[plan:3]]"), Instruction(EngineMessageKind.Plan)]);

        Assert.Equal(["Part 1 of 3", "Part 2 of 3", "Part 3 of 3"], Steps(text));
    }

    [Fact]
    public async Task A_replan_request_gets_another_way_whatever_the_directives()
    {
        var text = await AnswerAsync([new(ChatRole.User, "Benchmark me [[plan:3]]"), Instruction(EngineMessageKind.Replan)]);

        Assert.Equal(["Try another way", "Write the answer"], Steps(text));
    }

    [Fact]
    public async Task A_plan_request_naming_a_tool_plans_to_use_it_and_a_schemaless_json_format_gets_the_plain_shape()
    {
        List<ChatMessage> messages = [new(ChatRole.User, "Look around [[tool:web_search]]"), Instruction(EngineMessageKind.Plan)];

        var text = await AnswerAsync(messages, new ChatOptions { ResponseFormat = ChatResponseFormat.Json });

        Assert.Equal(["Use the web_search tool", "Summarise what it returned"], Steps(text));
    }

    [Fact]
    public async Task With_no_request_of_the_user_the_plan_is_the_generic_one_and_the_answer_quotes_nothing()
    {
        var plan = await AnswerAsync([Instruction(EngineMessageKind.Plan)]);
        var answer = await AnswerAsync([new(ChatRole.System, "You are an agent.")]);

        Assert.Equal(["Understand the request", "Write the answer"], Steps(plan));
        Assert.StartsWith("[simulated model] I read your request (0 words): \"\".", answer);
    }

    [Fact]
    public async Task A_tool_directive_with_no_arguments_calls_the_tool_with_none_and_only_when_it_is_offered()
    {
        List<ChatMessage> messages = [new(ChatRole.User, "Search [[tool:web_search]]")];

        var offered = await _chat.GetResponseAsync(messages, new ChatOptions { Tools = [Tool("web_search")] }, _ct);
        var other = await _chat.GetResponseAsync(messages, new ChatOptions { Tools = [Tool("file_editor")] }, _ct);
        var none = await _chat.GetResponseAsync(messages, null, _ct);
        var noTools = await _chat.GetResponseAsync(messages, new ChatOptions(), _ct);

        var call = Assert.IsType<FunctionCallContent>(Assert.Single(offered.Messages.Single().Contents));
        Assert.Equal("web_search", call.Name);
        Assert.Empty(call.Arguments!);
        Assert.Equal(ChatFinishReason.ToolCalls, offered.FinishReason);
        Assert.All([other, none, noTools], r =>
        {
            Assert.Equal(ChatFinishReason.Stop, r.FinishReason);
            Assert.StartsWith("[simulated model] I read your request", r.Text);
        });
        Assert.Equal(offered.Usage!.InputTokenCount + offered.Usage.OutputTokenCount, offered.Usage.TotalTokenCount);
        Assert.True(offered.Usage.InputTokenCount > none.Usage!.InputTokenCount, "the offered tools are counted in the prompt");
    }

    [Fact]
    public async Task With_a_plan_directive_each_step_calls_the_tools_again()
    {
        var tools = new ChatOptions { Tools = [Tool("web_search")] };
        List<ChatMessage> messages =
        [
            new(ChatRole.User, "Benchmark [[plan:2]] [[tool:web_search {\"query\":\"a\"}]]"),
            Instruction(EngineMessageKind.Step, "Do step 1"),
            new(ChatRole.Assistant, [new FunctionCallContent("c1", "web_search", new Dictionary<string, object?> { ["query"] = "a" })]),
            new(ChatRole.Tool, [new FunctionResultContent("c1", "first result")]),
            Instruction(EngineMessageKind.Step, "Do step 2"),
        ];

        var second = await _chat.GetResponseAsync(messages, tools, _ct);
        messages.Add(second.Messages.Single());
        messages.Add(new(ChatRole.Tool, [new FunctionResultContent("c2", "second result")]));
        var report = await _chat.GetResponseAsync(messages, tools, _ct);

        var call = Assert.IsType<FunctionCallContent>(Assert.Single(second.Messages.Single().Contents));
        Assert.Equal("a", call.Arguments!["query"]?.ToString());
        Assert.Equal("[simulated model] Done with this step (Do step 2). The tool answered: \"second result\".", report.Text);
    }

    [Fact]
    public async Task A_nudge_is_acknowledged_and_a_tool_result_without_a_value_is_not_quoted()
    {
        List<ChatMessage> messages =
        [
            new(ChatRole.User, "Search [[tool:web_search]]"),
            new(ChatRole.Assistant, [new FunctionCallContent("c1", "web_search")]),
            new(ChatRole.Tool, [new FunctionResultContent("c1", null)]),
        ];

        var answer = await AnswerAsync(messages, new ChatOptions { Tools = [Tool("web_search")] });
        messages.Add(Instruction(EngineMessageKind.Nudge, "You seem stuck."));
        var nudged = await AnswerAsync(messages);

        Assert.DoesNotContain("The tool answered", answer);
        Assert.Equal("[simulated model] Understood; I will finish with what I have.", nudged);
    }

    [Fact]
    public async Task The_final_call_answers_even_with_directives_left()
    {
        List<ChatMessage> messages = [new(ChatRole.User, "Search [[tool:web_search]]"), Instruction(EngineMessageKind.Final, "Answer now.")];

        var response = await _chat.GetResponseAsync(messages, new ChatOptions { Tools = [Tool("web_search")] }, _ct);

        Assert.Equal(ChatFinishReason.Stop, response.FinishReason);
        Assert.StartsWith("[simulated model] I read your request (2 words): \"Search [[tool:web_search]]\".", response.Text);
    }

    [Fact]
    public async Task Streaming_gives_the_same_answer_and_a_long_request_is_quoted_in_part()
    {
        var prompt = string.Join(' ', Enumerable.Range(1, 30).Select(i => $"w{i}"));
        List<ChatMessage> messages = [new(ChatRole.User, prompt)];
        List<ChatResponseUpdate> updates = [];

        await foreach (var update in _chat.GetStreamingResponseAsync(messages, new ChatOptions(), _ct))
        {
            updates.Add(update);
        }

        var streamed = updates.ToChatResponse();
        Assert.Equal((await _chat.GetResponseAsync(messages, new ChatOptions(), _ct)).Text, streamed.Text);
        Assert.StartsWith($"[simulated model] I read your request (30 words): \"{string.Join(' ', Enumerable.Range(1, 24).Select(i => $"w{i}"))} …\".", streamed.Text);
    }

    [Fact]
    public async Task The_latency_is_spent_and_can_be_cancelled()
    {
        using var slow = new SimulatedChatClient(new TokenCounter(), TimeSpan.FromMinutes(5));
        using var cancel = new CancellationTokenSource();
        var call = slow.GetResponseAsync([new(ChatRole.User, "hi")], null, cancel.Token);

        Assert.False(call.IsCompleted);
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);
    }

    private async Task<string> AnswerAsync(List<ChatMessage> messages, ChatOptions? options = null) =>
        (await _chat.GetResponseAsync(messages, options, _ct)).Text;

    private static ChatMessage Instruction(string kind, string text = "Make a plan.") => EngineMessageKind.Instruction(kind, text);

    private static string[] Steps(string json) =>
        [.. JsonDocument.Parse(json).RootElement.GetProperty("steps").EnumerateArray().Select(s => s.GetString()!)];

    private static AIFunction Tool(string name) => AIFunctionFactory.Create(() => "ok", name);
}
