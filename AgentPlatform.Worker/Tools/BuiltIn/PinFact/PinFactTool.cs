using System.Text.Json;

namespace AgentPlatform.Worker.Tools.BuiltIn.PinFact;

/// <summary>
/// pin_fact: the agent marks a fact it must not lose. The call itself is the record: memory compaction collects every
/// pin_fact call's <c>fact</c> and keeps it verbatim in the memory block, however much else it summarises or drops.
/// </summary>
public sealed class PinFactTool : ExecutableTool
{
    public const string FactArgument = "fact";

    private static readonly JsonElement ArgumentsSchemaJson = Schema("""
        {
          "type": "object",
          "properties": {
            "fact": { "type": "string", "description": "The fact, self-contained and short (a name, a number, a decision, a constraint)." }
          },
          "required": ["fact"],
          "additionalProperties": false
        }
        """);

    public override string Name => ToolNames.PinFact;

    public override string Description =>
        "Pins a fact you must keep for the rest of the task (a requirement, a decision, a value you found). Pinned facts " +
        "are kept word for word when older parts of the conversation are summarised.";

    public override JsonElement ArgumentsSchema => ArgumentsSchemaJson;

    public override Task<string> ExecuteAsync(ToolContext context, AIFunctionArguments arguments, CancellationToken cancellationToken) =>
        Fact(arguments) is { Length: > 0 } fact
            ? Task.FromResult($"Pinned: {fact}")
            : throw new ToolException("fact must be a non-empty string.");

    /// <summary>The fact of a pin_fact call's arguments, trimmed; null when there is none.</summary>
    public static string? Fact(IDictionary<string, object?>? arguments) =>
        arguments?.TryGetValue(FactArgument, out var value) == true
            ? (value is JsonElement { ValueKind: JsonValueKind.String } json ? json.GetString() : value?.ToString())?.Trim()
            : null;
}
