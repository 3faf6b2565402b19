using System.Text.Json;

namespace AgentPlatform.Tests.Engine;

internal static class EngineEvents
{
    public static string Type(this JsonElement e) => e.GetProperty("type").GetString()!;

    public static JsonElement Data(this JsonElement e) => e.GetProperty("data");

    public static List<JsonElement> OfType(this IEnumerable<JsonElement> events, string type) => [.. events.Where(e => e.Type() == type)];

    public static List<(int Index, string Title, string Status)> Plan(this JsonElement session) =>
        [.. session.GetProperty("plan").GetProperty("steps").EnumerateArray()
            .Select(s => (s.GetProperty("index").GetInt32(), s.GetProperty("title").GetString()!, s.GetProperty("status").GetString()!))];

    /// <summary>The contents of the tool messages of a request to the model.</summary>
    public static List<string> ToolResults(this FakeLlmRequest request) =>
        [.. request.Messages.Where(m => (string?)m?["role"] == "tool").Select(m => m!["content"]!.ToJsonString())];

    public static List<string> ToolNames(this FakeLlmRequest request) =>
        [.. request.Tools.Select(t => (string)t!["function"]!["name"]!)];
}
