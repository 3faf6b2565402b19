namespace AgentPlatform.Worker.Tools;

/// <summary>The tools' names, as the model sees them and as they appear in <see cref="Core.Tools.ToolState"/>.</summary>
public static class ToolNames
{
    public const string WebFetch = "web_fetch";
    public const string FileEditor = "file_editor";
    public const string WebSearch = "web_search";
    public const string AskHuman = "ask_human";
    public const string Terminate = "terminate";
    public const string PinFact = "pin_fact";
}
