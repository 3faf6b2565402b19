namespace AgentPlatform.Tests.Support;

/// <summary>One entry of an assistant message's tool_calls: <c>{id, type: "function", function: {name, arguments}}</c>.</summary>
/// <param name="ArgumentsJson">The arguments exactly as the model sends them: a JSON object serialized as a string.</param>
public sealed record FakeToolCall(string Id, string Name, string ArgumentsJson);
