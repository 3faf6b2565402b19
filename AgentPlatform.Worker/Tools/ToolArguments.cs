using System.Globalization;
using System.Text.Json;

namespace AgentPlatform.Worker.Tools;

/// <summary>
/// Reads a call's arguments, which arrive as <see cref="JsonElement"/>s from a model or as plain values from code.
/// A missing or mistyped argument is the caller's mistake: <see cref="ToolException"/>.
/// </summary>
internal static class ToolArguments
{
    public static string RequiredString(AIFunctionArguments arguments, string name) =>
        OptionalString(arguments, name) ?? throw new ToolException($"The argument '{name}' is required.");

    public static string? OptionalString(AIFunctionArguments arguments, string name) =>
        arguments.TryGetValue(name, out var value) ? value switch
        {
            null => null,
            string s => s,
            JsonElement { ValueKind: JsonValueKind.Null or JsonValueKind.Undefined } => null,
            JsonElement { ValueKind: JsonValueKind.String } e => e.GetString(),
            _ => throw new ToolException($"The argument '{name}' must be a string."),
        } : null;

    public static int? OptionalInt(AIFunctionArguments arguments, string name) =>
        arguments.TryGetValue(name, out var value) ? value switch
        {
            null => null,
            int i => i,
            long l when l is >= int.MinValue and <= int.MaxValue => (int)l,
            JsonElement { ValueKind: JsonValueKind.Null or JsonValueKind.Undefined } => null,
            JsonElement { ValueKind: JsonValueKind.Number } e when e.TryGetInt32(out var i) => i,
            JsonElement { ValueKind: JsonValueKind.String } e when int.TryParse(e.GetString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var i) => i,
            string s when int.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out var i) => i,
            _ => throw new ToolException($"The argument '{name}' must be an integer."),
        } : null;

    public static int[]? OptionalIntArray(AIFunctionArguments arguments, string name) =>
        arguments.TryGetValue(name, out var value) ? value switch
        {
            null => null,
            int[] a => a,
            IEnumerable<int> e => [.. e],
            JsonElement { ValueKind: JsonValueKind.Null or JsonValueKind.Undefined } => null,
            JsonElement { ValueKind: JsonValueKind.Array } e when e.EnumerateArray().All(x => x.ValueKind == JsonValueKind.Number && x.TryGetInt32(out _)) =>
                [.. e.EnumerateArray().Select(x => x.GetInt32())],
            _ => throw new ToolException($"The argument '{name}' must be an array of integers."),
        } : null;
}
