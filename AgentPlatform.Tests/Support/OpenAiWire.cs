using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace AgentPlatform.Tests.Support;

/// <summary>The OpenAI chat completions wire format, as JSON nodes, for the fake LLM server.</summary>
internal static partial class OpenAiWire
{
    public static JsonObject Completion(FakeLlmReply reply, string id, string model, long created)
    {
        var message = new JsonObject { ["role"] = "assistant", ["content"] = reply.Text, ["refusal"] = null };
        if (reply.ToolCalls.Count > 0)
        {
            message["tool_calls"] = new JsonArray([.. reply.ToolCalls.Select(c => ToolCall(c, index: null, c.ArgumentsJson))]);
        }

        var completion = Envelope("chat.completion", id, model, created,
            new JsonObject { ["index"] = 0, ["message"] = message, ["logprobs"] = null, ["finish_reason"] = reply.FinishReason });
        if (reply.Usage is { } usage)
        {
            completion["usage"] = Usage(usage);
        }

        return completion;
    }

    /// <summary>
    /// The chunks of a streamed answer: the role, the text in deltas, each tool call (name first, then its arguments),
    /// the finish reason, then usage in a chunk without choices when the client asked for it.
    /// </summary>
    public static IEnumerable<JsonObject> Chunks(FakeLlmReply reply, string id, string model, long created, bool includeUsage)
    {
        JsonObject Chunk(JsonObject delta, string? finishReason = null) => Envelope("chat.completion.chunk", id, model, created,
            new JsonObject { ["index"] = 0, ["delta"] = delta, ["logprobs"] = null, ["finish_reason"] = finishReason });

        yield return Chunk(new JsonObject { ["role"] = "assistant", ["content"] = "", ["refusal"] = null });
        if (!string.IsNullOrEmpty(reply.Text))
        {
            foreach (var piece in reply.Chunks ?? WordPieces(reply.Text))
            {
                yield return Chunk(new JsonObject { ["content"] = piece });
            }
        }

        for (var i = 0; i < reply.ToolCalls.Count; i++)
        {
            var call = reply.ToolCalls[i];
            yield return Chunk(new JsonObject { ["tool_calls"] = new JsonArray(ToolCall(call, i, arguments: "")) });
            var half = call.ArgumentsJson.Length / 2;
            foreach (var part in new[] { call.ArgumentsJson[..half], call.ArgumentsJson[half..] })
            {
                yield return Chunk(new JsonObject
                {
                    ["tool_calls"] = new JsonArray(new JsonObject { ["index"] = i, ["function"] = new JsonObject { ["arguments"] = part } }),
                });
            }
        }

        yield return Chunk(new JsonObject(), reply.FinishReason);
        if (includeUsage && reply.Usage is { } usage)
        {
            var last = Envelope("chat.completion.chunk", id, model, created, choice: null);
            last["usage"] = Usage(usage);
            yield return last;
        }
    }

    public static JsonObject Usage(FakeLlmUsage usage) => new()
    {
        ["prompt_tokens"] = usage.PromptTokens,
        ["completion_tokens"] = usage.CompletionTokens,
        ["total_tokens"] = usage.TotalTokens,
        ["prompt_tokens_details"] = new JsonObject { ["cached_tokens"] = usage.CachedTokens, ["audio_tokens"] = 0 },
        ["completion_tokens_details"] = new JsonObject { ["reasoning_tokens"] = 0, ["audio_tokens"] = 0 },
    };

    public static JsonObject Error(string message, string type, string? param, string? code) => new()
    {
        ["error"] = new JsonObject { ["message"] = message, ["type"] = type, ["param"] = param, ["code"] = code },
    };

    public static JsonObject ModelList(IEnumerable<string> models, long created) => new()
    {
        ["object"] = "list",
        ["data"] = new JsonArray([.. models.Select(m => new JsonObject
        {
            ["id"] = m, ["object"] = "model", ["created"] = created, ["owned_by"] = "agentplatform-tests",
        })]),
    };

    private static JsonObject Envelope(string kind, string id, string model, long created, JsonObject? choice) => new()
    {
        ["id"] = id,
        ["object"] = kind,
        ["created"] = created,
        ["model"] = model,
        ["system_fingerprint"] = "fp_fake",
        ["choices"] = choice is null ? new JsonArray() : new JsonArray(choice),
    };

    private static JsonObject ToolCall(FakeToolCall call, int? index, string arguments)
    {
        var node = new JsonObject();
        if (index is { } i)
        {
            node["index"] = i;
        }

        node["id"] = call.Id;
        node["type"] = "function";
        node["function"] = new JsonObject { ["name"] = call.Name, ["arguments"] = arguments };
        return node;
    }

    /// <summary>"Hello big world" → "Hello", " big", " world".</summary>
    private static IEnumerable<string> WordPieces(string text) => WordStart().Split(text).Where(p => p.Length > 0);

    [GeneratedRegex(@"(?<=\S)(?=\s)")]
    private static partial Regex WordStart();
}
