using System.Text.Json;
using AgentPlatform.Worker.Agents;

namespace AgentPlatform.Worker.Memory;

/// <summary>
/// A conversation message as a compaction checkpoint keeps it: its role, id, engine mark, memory block and contents in
/// order (text, tool calls with their arguments' JSON, tool results), enough to rebuild what the model was sent.
/// </summary>
public sealed record StoredMessage(string Role, string? Id, string? Kind, MemoryBlock? Memory, IReadOnlyList<StoredMessage.Part> Parts)
{
    /// <summary>One content: text (<see cref="Text"/> only), a tool call (call id, name, arguments) or a tool result (call id, text).</summary>
    public sealed record Part(string Type, string? Text, string? CallId = null, string? Name = null, string? ArgumentsJson = null);

    private const string TextPart = "text";
    private const string CallPart = "call";
    private const string ResultPart = "result";

    public static StoredMessage From(ChatMessage message) =>
        new(message.Role.Value, message.MessageId, EngineMessageKind.Of(message), MemoryBlock.Of(message), [.. message.Contents.Select(Store)]);

    public ChatMessage ToMessage()
    {
        if (Memory is not null)
        {
            return Memory.ToMessage().WithId(Id ?? MemoryMessageIds.Memory);
        }

        var message = new ChatMessage(new ChatRole(Role), [.. Parts.Select(Restore)]) { MessageId = Id };
        if (Kind is not null)
        {
            message.AdditionalProperties = new() { [EngineMessageKind.Key] = Kind };
        }

        return message;
    }

    private static Part Store(AIContent content) => content switch
    {
        TextContent text => new Part(TextPart, text.Text),
        FunctionCallContent call => new Part(CallPart, null, call.CallId, call.Name,
            JsonSerializer.Serialize(call.Arguments ?? new Dictionary<string, object?>(), AIJsonUtilities.DefaultOptions)),
        FunctionResultContent result => new Part(ResultPart, result.Result as string ?? JsonSerializer.Serialize(result.Result, AIJsonUtilities.DefaultOptions), result.CallId),
        _ => throw new NotSupportedException($"A compaction checkpoint cannot keep a message content of type {content.GetType().Name}."),
    };

    private static AIContent Restore(Part part) => part.Type switch
    {
        TextPart => new TextContent(part.Text),
        CallPart => new FunctionCallContent(part.CallId!, part.Name!, new RecordedCall(part.CallId!, part.Name!, part.ArgumentsJson).Arguments()),
        ResultPart => new FunctionResultContent(part.CallId!, part.Text),
        _ => throw new InvalidOperationException($"A compaction checkpoint holds an unknown message part '{part.Type}'."),
    };
}
