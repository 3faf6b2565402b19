using Microsoft.Extensions.DependencyInjection.Extensions;

namespace AgentPlatform.Worker.Tools.BuiltIn.FileEditor;

public static class FileEditorServiceExtensions
{
    /// <summary>
    /// file_editor over each session's workspace (Tools:WorkspaceRoot), its limits (Tools:FileEditor) and the sweep
    /// that deletes ended sessions' workspaces.
    /// </summary>
    public static IServiceCollection AddFileEditorTool(this IServiceCollection services)
    {
        services.AddOptions<FileEditorOptions>().BindConfiguration(FileEditorOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<AgentTool, FileEditorTool>();
        services.TryAddSingleton(TimeProvider.System);
        services.AddHostedService<WorkspaceSweepService>();
        return services;
    }
}
