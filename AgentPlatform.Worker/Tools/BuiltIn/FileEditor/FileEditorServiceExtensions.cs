namespace AgentPlatform.Worker.Tools.BuiltIn.FileEditor;

public static class FileEditorServiceExtensions
{
    /// <summary>file_editor over each session's workspace (Tools:WorkspaceRoot).</summary>
    public static IServiceCollection AddFileEditorTool(this IServiceCollection services)
    {
        services.AddSingleton<AgentTool, FileEditorTool>();
        return services;
    }
}
