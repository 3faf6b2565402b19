using System.Text.Json;

namespace AgentPlatform.Core.Domain.Events;

/// <param name="Arguments">The arguments as the model sent them: a JSON value, or a string when they were not JSON.</param>
public sealed record ToolCalledData(int Step, string CallId, string Tool, JsonElement Arguments) : IEventData
{
    public static JsonElement ArgumentsFrom(string argumentsJson)
    {
        try
        {
            using var document = JsonDocument.Parse(argumentsJson);
            return document.RootElement.Clone();
        }
        catch (JsonException)
        {
            return JsonSerializer.SerializeToElement(argumentsJson, JsonDefaults.Options);
        }
    }
}
