using System.Text.Json;

namespace AgentPlatform.Worker.Tools.BuiltIn.Terminate;

/// <summary>terminate: a declaration only. The engine ends the run on this call, with the given status and message.</summary>
public sealed class TerminateTool : AgentTool
{
    public const string Success = "success";
    public const string Failure = "failure";

    private static readonly JsonElement ArgumentsSchemaJson = Schema("""
        {
          "type": "object",
          "properties": {
            "status": { "type": "string", "enum": ["success", "failure"], "description": "Whether the task was accomplished." },
            "message": { "type": "string", "description": "The final answer or result for the user, or why the task could not be done." }
          },
          "required": ["status"],
          "additionalProperties": false
        }
        """);

    public override string Name => ToolNames.Terminate;

    public override string Description =>
        "Ends the task. Call it when the request is done, or when it cannot be done; put the result in message.";

    public override JsonElement ArgumentsSchema => ArgumentsSchemaJson;
}
