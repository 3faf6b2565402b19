using System.Text.Json;
using AgentPlatform.Worker.Llm;
using AgentPlatform.Worker.Memory;
using Microsoft.Extensions.AI;

namespace AgentPlatform.Tests.Memory;

/// <summary>A compaction's checkpoint rebuilds the compacted messages as the model was sent them.</summary>
public sealed class CompactionCheckpointTests
{
    [Fact]
    public void The_compacted_messages_come_back_with_their_ids_marks_memory_block_calls_and_results()
    {
        var block = new MemoryBlock("Read parts 1 to 3.", [new PlanStep(1, "Read the parts", PlanStepStatus.InProgress)], ["The code is 7-7-3."]);
        List<ChatMessage> compacted =
        [
            new ChatMessage(ChatRole.System, "You are an agent.").WithId(MemoryMessageIds.System),
            block.ToMessage(),
            new ChatMessage(ChatRole.User, "Read every part.").WithId("run:r:prompt"),
            EngineMessageKind.Instruction(EngineMessageKind.Step, "Step 1 of 1: Read the parts.").WithId("instruction:r:1:step1"),
            new ChatMessage(ChatRole.Assistant,
                [new TextContent("Reading."), new FunctionCallContent("call_7", "bulky", new Dictionary<string, object?> { ["n"] = 4, ["tag"] = "x" })])
                .WithId("checkpoint:r:5"),
            new ChatMessage(ChatRole.Tool, [new FunctionResultContent("call_7", "[archived tool output: 2000 characters, kept with call call_7. It began: a]")])
                .WithId("checkpoint:r:5:call_7"),
        ];

        List<ChatMessage> messages = [new ChatMessage(ChatRole.User, "the conversation before")];
        var checkpoint = CompactionCheckpoint.FromJson(new CompactionCheckpoint([.. compacted.Select(StoredMessage.From)]).ToJson());

        Assert.True(checkpoint.ApplyTo(messages));
        Assert.Equal(compacted.Select(Wire), messages.Select(Wire));
        Assert.Equal(compacted.Select(m => m.MessageId), messages.Select(m => m.MessageId));
        Assert.Equal(compacted.Select(EngineMessageKind.Of), messages.Select(EngineMessageKind.Of));
        var restored = MemoryBlock.Of(messages[1]);
        Assert.NotNull(restored);
        Assert.Equal(block.Render(), restored.Render());
        Assert.Equal(block.Pins, restored.Pins);
        Assert.Equal(MemoryMessageIds.Memory, messages[1].MessageId);
        Assert.Equal(MemoryTestKit.Tokens.Count(compacted), MemoryTestKit.Tokens.Count(messages));
    }

    [Fact]
    public void A_compaction_that_shortened_nothing_leaves_the_messages_as_they_are()
    {
        List<ChatMessage> messages = [new ChatMessage(ChatRole.User, "unchanged")];

        Assert.False(CompactionCheckpoint.FromJson(new CompactionCheckpoint(null).ToJson()).ApplyTo(messages));
        Assert.Equal("unchanged", Assert.Single(messages).Text);
    }

    /// <summary>Role and contents as a provider is sent them: text, calls with their arguments, results.</summary>
    private static string Wire(ChatMessage message) =>
        $"{message.Role}: " + string.Join(" | ", message.Contents.Select(c => c switch
        {
            TextContent text => text.Text,
            FunctionCallContent call => $"{call.CallId} {call.Name} {JsonSerializer.Serialize(call.Arguments, AIJsonUtilities.DefaultOptions)}",
            FunctionResultContent result => $"{result.CallId} {result.Result}",
            _ => c.GetType().Name,
        }));
}
