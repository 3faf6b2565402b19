using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;

namespace AgentPlatform.Tests.Tools;

/// <summary>
/// A file editor on a workspace root of its own, one session, and a folder outside the root holding a secret: what the
/// file editor's tests share. Both folders are deleted after each test.
/// </summary>
public abstract class FileEditorTestBase : IDisposable
{
    protected FileEditorTestBase(string prefix)
    {
        Root = Directory.CreateTempSubdirectory($"agentplatform-{prefix}-").FullName;
        Outside = Directory.CreateTempSubdirectory($"agentplatform-{prefix}-outside-").FullName;
        Tool = new FileEditorTool(Options.Create(new ToolOptions { WorkspaceRoot = Root }), Options.Create(new FileEditorOptions()));
        File.WriteAllText(Path.Combine(Outside, "secret.txt"), "top secret\n");
    }

    protected string Root { get; }

    protected string Outside { get; }

    protected ToolContext Session { get; } = new(Guid.NewGuid());

    protected FileEditorTool Tool { get; }

    protected string Workspace => Path.Combine(Root, Session.SessionId.ToString("N"));

    public void Dispose()
    {
        Directory.Delete(Root, recursive: true);
        Directory.Delete(Outside, recursive: true);
        GC.SuppressFinalize(this);
    }

    protected static AIFunctionArguments Arguments(params (string Name, object? Value)[] arguments) =>
        new(arguments.ToDictionary(a => a.Name, a => a.Value));

    protected Task<string> RunAsync(params (string Name, object? Value)[] arguments) =>
        Tool.ExecuteAsync(Session, Arguments(arguments), TestContext.Current.CancellationToken);
}
