using System.Text.Json;

namespace AgentPlatform.Worker.Tools.BuiltIn.AskHuman;

/// <summary>ask_human: a declaration only. The engine pauses the run on this call and asks the user the question.</summary>
public sealed class AskHumanTool : AgentTool
{
    private static readonly JsonElement ArgumentsSchemaJson = Schema("""
        {
          "type": "object",
          "properties": {
            "question": { "type": "string", "description": "The question for the user: specific, and answerable in a sentence or two." }
          },
          "required": ["question"],
          "additionalProperties": false
        }
        """);

    public override string Name => ToolNames.AskHuman;

    public override string Description =>
        "Asks the user a question and waits for the answer. Use it only when you cannot go on without information " +
        "or a decision that only the user has.";

    public override JsonElement ArgumentsSchema => ArgumentsSchemaJson;
}
