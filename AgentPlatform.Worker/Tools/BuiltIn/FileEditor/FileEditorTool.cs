using System.Text.Json;
using Microsoft.Extensions.Options;

namespace AgentPlatform.Worker.Tools.BuiltIn.FileEditor;

/// <summary>
/// file_editor: view, create, str_replace and insert (after Anthropic's and OpenHands' str_replace_editor) inside the
/// session's own workspace folder under <see cref="ToolOptions.WorkspaceRoot"/>.
/// </summary>
public sealed class FileEditorTool(IOptions<ToolOptions> options, IOptions<FileEditorOptions> editorOptions) : ExecutableTool
{
    private static readonly JsonElement ArgumentsSchemaJson = Schema("""
        {
          "type": "object",
          "properties": {
            "command": { "type": "string", "enum": ["view", "create", "str_replace", "insert"], "description": "What to do." },
            "path": { "type": "string", "description": "A path relative to the workspace, e.g. 'src/app.py'; '.' is the workspace itself." },
            "file_text": { "type": "string", "description": "create: the whole content of the new file (an existing file is overwritten)." },
            "old_str": { "type": "string", "description": "str_replace: the exact text to replace, including whitespace; it must occur exactly once." },
            "new_str": { "type": "string", "description": "str_replace: the text that replaces old_str (empty or omitted deletes it)." },
            "insert_line": { "type": "integer", "minimum": 0, "description": "insert: the line after which to insert; 0 inserts at the top." },
            "insert_text": { "type": "string", "description": "insert: the text to insert." },
            "view_range": {
              "type": "array", "items": { "type": "integer" }, "minItems": 2, "maxItems": 2,
              "description": "view: [first, last] line numbers of a file, 1-based; last = -1 means to the end."
            }
          },
          "required": ["command", "path"],
          "additionalProperties": false
        }
        """);

    public override string Name => ToolNames.FileEditor;

    public override string Description =>
        "Views, creates and edits text files in this session's private workspace (paths are relative to it). " +
        "Commands: view (a file with line numbers, or a directory listing), create (write a whole file), " +
        "str_replace (replace one exact, unique occurrence of old_str with new_str), insert (add text after a line).";

    public override JsonElement ArgumentsSchema => ArgumentsSchemaJson;

    public override TimeSpan Timeout => TimeSpan.FromSeconds(10);

    public override async Task<string> ExecuteAsync(ToolContext context, AIFunctionArguments arguments, CancellationToken cancellationToken)
    {
        var command = ToolArguments.RequiredString(arguments, "command");
        var workspace = SessionWorkspace.Open(options.Value.WorkspaceRoot, context.SessionId);
        var path = workspace.Resolve(ToolArguments.RequiredString(arguments, "path"));
        var files = new WorkspaceFiles(workspace, editorOptions.Value.MaxWorkspaceBytes);
        return command switch
        {
            "view" => await files.ViewAsync(path, ToolArguments.OptionalIntArray(arguments, "view_range"), cancellationToken),
            "create" => await files.CreateAsync(path, ToolArguments.RequiredString(arguments, "file_text"), cancellationToken),
            "str_replace" => await files.ReplaceAsync(
                path, ToolArguments.RequiredString(arguments, "old_str"), ToolArguments.OptionalString(arguments, "new_str") ?? "", cancellationToken),
            "insert" => await files.InsertAsync(
                path,
                ToolArguments.OptionalInt(arguments, "insert_line") ?? throw new ToolException("The argument 'insert_line' is required."),
                ToolArguments.RequiredString(arguments, "insert_text"),
                cancellationToken),
            _ => throw new ToolException($"Unknown command '{command}'; use view, create, str_replace or insert."),
        };
    }
}
